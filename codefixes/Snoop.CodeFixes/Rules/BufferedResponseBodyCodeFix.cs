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

/// <summary>
/// SNOOP001 fix: where the buffered bytes are copied back unchanged, the swap, rewinds, copy-back and restore disappear and
/// the block runs inside <c>ResponseCapture.Begin(context, maxBodyBytes: N)</c> (or <c>BeginMetrics</c> when only the length was used):
/// the response streams through and the code that read the buffer reads the capture.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BufferedResponseBodyCodeFix))]
[Shared]
public sealed class BufferedResponseBodyCodeFix : CodeFixProvider
{
    /// <summary>One key for both variants, so Fix All covers body and metrics captures together.</summary>
    internal const string EquivalenceKey = "SNOOP001:UseResponseCapture";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.BufferedResponseBody);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => SwapFixAll.Create(
        d => d.Properties.ContainsKey(DiagnosticProperties.FixableKey),
        FindSwap,
        (document, node, ct) => node is AssignmentExpressionSyntax swap ? TryFixAsync(document, swap, ct) : Task.FromResult<Document?>(null));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // Whether a fix exists is the analyzer's finding; the rewrite itself is planned when the fix is applied.
            if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.FixableKey)
                || FindSwap(root, diagnostic) is not { } swap
                || BufferedBodyRewritePlan.CompileErrorsBlock(model, swap, context.CancellationToken))
            {
                continue;
            }

            var title = CapturesTheBody(diagnostic)
                ? $"Capture a bounded copy with {RuntimeNames.ResponseCapture}.{RuntimeNames.Begin} (the response streams through)"
                : $"Capture metrics with {RuntimeNames.ResponseCapture}.{RuntimeNames.BeginMetrics} (the response streams through)";
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixOneAsync(document, swap, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The consumption the analyzer reported reads the bytes (text or bytes): a body capture; else metrics.</summary>
    private static bool CapturesTheBody(Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ConsumptionKey, out var consumption) || consumption is null)
        {
            return false;
        }

        foreach (var kind in consumption.Split(','))
        {
            if (kind is DiagnosticProperties.ConsumptionText or DiagnosticProperties.ConsumptionBytes)
            {
                return true;
            }
        }

        return false;
    }

    private static AssignmentExpressionSyntax? FindSwap(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().OfType<AssignmentExpressionSyntax>().FirstOrDefault();
    }

    private static async Task<Document> FixOneAsync(Document document, AssignmentExpressionSyntax swap, CancellationToken cancellationToken)
        => await TryFixAsync(document, swap, cancellationToken).ConfigureAwait(false) ?? document;

    /// <summary>Plans the rewrite on the current document and carries it out; null when the block no longer qualifies.</summary>
    internal static async Task<Document?> TryFixAsync(Document document, AssignmentExpressionSyntax swapSyntax, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || BufferedBodyRewritePlan.Create(root, model, swapSyntax, cancellationToken) is not { } plan)
        {
            return null;
        }

        var rewriter = new Rewriter(plan);
        var newRoot = rewriter.Visit(root);
        if (rewriter.Failed || newRoot is not CompilationUnitSyntax compilationUnit)
        {
            return null;
        }

        if (plan.AddUsing)
        {
            newRoot = RuntimeImports.AddSnoopUsing(compilationUnit);
        }

        var newDocument = document.WithSyntaxRoot(newRoot);
        return await FixFormatting.FormatAsync(newDocument, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Carries out a <see cref="BufferedBodyRewritePlan"/> on the tree in one pass.</summary>
    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        private readonly BufferedBodyRewritePlan _plan;
        private readonly HashSet<SyntaxNode> _removals;
        private readonly Dictionary<SyntaxNode, Replacement> _replacements = new();
        private readonly string _typeName;
        private readonly SyntaxNode? _swapStatement;

        public Rewriter(BufferedBodyRewritePlan plan)
        {
            _plan = plan;
            _typeName = plan.TypeName;
            _removals = new HashSet<SyntaxNode>(plan.Analysis.Removals);
            _swapStatement = plan.Analysis.Swap.SwapStatement;
            foreach (var replacement in plan.Analysis.Replacements)
            {
                _replacements[replacement.Node] = replacement;
            }
        }

        public bool Failed { get; private set; }

        public override SyntaxNode? Visit(SyntaxNode? node)
        {
            if (node is ExpressionSyntax expression && _replacements.TryGetValue(expression, out var replacement))
            {
                return BuildReplacement(replacement).WithTriviaFrom(expression);
            }

            return base.Visit(node);
        }

        public override SyntaxNode? VisitBlock(BlockSyntax node)
        {
            var statements = new List<StatementSyntax>();
            foreach (var statement in node.Statements)
            {
                if (_removals.Contains(statement))
                {
                    if (statement == _swapStatement && _plan.Analysis.BufferDeclaration is not UsingStatementSyntax)
                    {
                        statements.Add(BuildCaptureDeclaration().WithTriviaFrom(statement));
                    }

                    continue;
                }

                var visited = (StatementSyntax?)Visit(statement);
                if (visited is TryStatementSyntax { Catches.Count: 0, Finally: null } emptied)
                {
                    // The finally held only the restore: the try goes, its statements stay.
                    foreach (var inner in emptied.Block.Statements)
                    {
                        statements.Add(inner.WithAdditionalAnnotations(Formatter.Annotation));
                    }

                    continue;
                }

                if (visited is not null)
                {
                    statements.Add(visited);
                }
            }

            return node.Update(VisitToken(node.OpenBraceToken), SyntaxFactory.List(statements), VisitToken(node.CloseBraceToken));
        }

        public override SyntaxNode? VisitTryStatement(TryStatementSyntax node)
        {
            var visited = (TryStatementSyntax)base.VisitTryStatement(node)!;
            var catches = new List<CatchClauseSyntax>();
            for (var i = 0; i < node.Catches.Count; i++)
            {
                var clause = visited.Catches[i];
                var onlyRethrows = clause.Filter is null && clause.Block.Statements.Count == 1 && clause.Block.Statements[0] is ThrowStatementSyntax { Expression: null };
                if (!(onlyRethrows && ContainsRemoval(node.Catches[i])))
                {
                    catches.Add(clause);
                }
            }

            var result = visited.WithCatches(SyntaxFactory.List(catches));
            if (node.Finally is not null && visited.Finally is { Block.Statements.Count: 0 } && ContainsRemoval(node.Finally))
            {
                result = result.WithFinally(null);
            }

            if (result.Catches.Count == 0 && result.Finally is null)
            {
                if (node.Parent is not BlockSyntax)
                {
                    Failed = true;
                }

                // The enclosing block splices the statements; keep the try's own trivia on the first one.
                return result.WithBlock(result.Block.WithStatements(KeepLeadingTrivia(result.Block.Statements, node)));
            }

            return result;
        }

        public override SyntaxNode? VisitUsingStatement(UsingStatementSyntax node)
        {
            var visited = (UsingStatementSyntax)base.VisitUsingStatement(node)!;
            if (node != _plan.Analysis.BufferDeclaration)
            {
                return visited;
            }

            var declaration = ((UsingStatementSyntax)SyntaxFactory.ParseStatement($"using (var {_plan.CaptureName} = {BuildCaptureCreation()}) {{ }}")).Declaration!;
            visited = visited.WithDeclaration(declaration.WithTriviaFrom(visited.Declaration!));
            if (_plan.IsAsync && visited.AwaitKeyword.RawKind == 0)
            {
                var usingKeyword = visited.UsingKeyword;
                visited = visited
                    .WithAwaitKeyword(SyntaxFactory.Token(usingKeyword.LeadingTrivia, SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                    .WithUsingKeyword(usingKeyword.WithLeadingTrivia());
            }

            return visited;
        }

        private static SyntaxList<StatementSyntax> KeepLeadingTrivia(SyntaxList<StatementSyntax> statements, TryStatementSyntax original)
        {
            if (statements.Count == 0)
            {
                return statements;
            }

            var comments = original.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)).ToList();
            if (comments.Count == 0)
            {
                return statements;
            }

            return statements.Replace(statements[0], statements[0].WithLeadingTrivia(original.GetLeadingTrivia().AddRange(statements[0].GetLeadingTrivia())));
        }

        private bool ContainsRemoval(SyntaxNode node)
        {
            foreach (var removal in _removals)
            {
                if (node.Span.Contains(removal.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private string BuildCaptureCreation()
        {
            var httpContext = _plan.HttpContextSyntax.WithoutTrivia().ToString();
            if (_plan.HttpContextIsResponse)
            {
                httpContext += ".HttpContext";
            }

            return _plan.Analysis.NeedsBody
                ? $"{_typeName}.{RuntimeNames.Begin}({httpContext}, {RuntimeNames.MaxBodyBytesParameter}: {RuntimeNames.DefaultMaxBodyBytesExpression})"
                : $"{_typeName}.{RuntimeNames.BeginMetrics}({httpContext})";
        }

        private StatementSyntax BuildCaptureDeclaration()
        {
            var awaitKeyword = _plan.IsAsync ? "await " : string.Empty;
            return SyntaxFactory.ParseStatement($"{awaitKeyword}using var {_plan.CaptureName} = {BuildCaptureCreation()};")
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private ExpressionSyntax BuildReplacement(Replacement replacement)
        {
            var text = replacement.Kind switch
            {
                Consumption.Text when replacement.Encoding is { } encoding => $"{_plan.CaptureName}.{RuntimeNames.GetBodyText}({encoding.WithoutTrivia()})",
                Consumption.Text => $"{_plan.CaptureName}.{RuntimeNames.GetBodyText}()",
                Consumption.Bytes => $"{_plan.CaptureName}.{RuntimeNames.Body}.ToArray()",
                _ => $"{_plan.CaptureName}.{RuntimeNames.BytesWritten}",
            };
            return SyntaxFactory.ParseExpression(text);
        }
    }
}
