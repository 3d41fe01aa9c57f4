using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <content>The syntax rewriter that places the capture, drops removed statements and rewrites count reads.</content>
public sealed partial class BodyReplacedByWrapperCodeFix
{
    /// <summary>Puts the capture at the anchor, drops the removed statements and the <c>finally</c> blocks they empty, rewrites count reads.</summary>
    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        private readonly StatementSyntax _declaration;
        private readonly string _captureName;
        private readonly string _newLine;

        public Rewriter(StatementSyntax declaration, string captureName, string newLine)
        {
            _declaration = declaration;
            _captureName = captureName;
            _newLine = newLine;
        }

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
            => node.HasAnnotation(s_countRead)
                ? SyntaxFactory.ParseExpression($"{_captureName}.{RuntimeNames.BytesWritten}").WithTriviaFrom(node)
                : base.VisitMemberAccessExpression(node);

        public override SyntaxNode? VisitBlock(BlockSyntax node)
        {
            var visited = (BlockSyntax)base.VisitBlock(node)!;
            var statements = new List<StatementSyntax>(visited.Statements.Count);
            foreach (var statement in visited.Statements)
            {
                if (statement.HasAnnotation(s_remove))
                {
                    continue;
                }

                if (statement.HasAnnotation(s_anchor))
                {
                    statements.Add(_declaration);
                    continue;
                }

                if (statement is TryStatementSyntax { Finally.Block.Statements.Count: 0 } tryStatement
                    && (tryStatement.Finally.Block.CloseBraceToken.LeadingTrivia.All(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia))))
                {
                    if (tryStatement.Catches.Count > 0)
                    {
                        statements.Add(tryStatement.WithFinally(null).WithAdditionalAnnotations(Formatter.Annotation));
                    }
                    else
                    {
                        var inner = tryStatement.Block.Statements;
                        for (var i = 0; i < inner.Count; i++)
                        {
                            var spliced = inner[i];
                            if (i == 0)
                            {
                                spliced = spliced.WithLeadingTrivia(tryStatement.GetLeadingTrivia().AddRange(spliced.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia))));
                            }

                            if (!spliced.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                            {
                                // try { await next(context); } on one line: each spliced statement gets its own line.
                                spliced = spliced.WithTrailingTrivia(SyntaxFactory.EndOfLine(_newLine));
                            }

                            statements.Add(spliced.WithAdditionalAnnotations(Formatter.Annotation));
                        }
                    }

                    continue;
                }

                statements.Add(statement);
            }

            return visited.WithStatements(SyntaxFactory.List(statements));
        }
    }
}
