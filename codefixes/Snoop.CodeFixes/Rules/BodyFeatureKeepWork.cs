using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// SNOOP004 for a member with work of its own (a <c>StartAsync</c> that flushes the wrapper's stream, a
/// <c>CompleteAsync</c> that logs): the work stays, in order, and the wrapped feature's member is called after it.
/// <c>return Task.CompletedTask;</c> becomes <c>return inner.M(...);</c>; a returned flush becomes <c>await</c>ed in an
/// <c>async</c> method that then awaits <c>inner.M(...)</c>.
/// </summary>
internal static class BodyFeatureKeepWork
{
    /// <summary>The method with <paramref name="call"/> after its own work; null when an early return (or no body) makes that unsafe.</summary>
    public static MethodDeclarationSyntax? Then(MethodDeclarationSyntax method, ExpressionSyntax call)
    {
        var isAsync = method.Modifiers.Any(SyntaxKind.AsyncKeyword);
        var statements = new List<StatementSyntax>();
        if (method.ExpressionBody is { } arrow)
        {
            statements.Add(isAsync ? SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia()) : SyntaxFactory.ReturnStatement(arrow.Expression.WithoutTrivia()));
        }
        else if (method.Body is { } body)
        {
            statements.AddRange(body.Statements);
        }
        else
        {
            return null;
        }

        // The last statement is the member's answer today: a completed task (dropped) or a flush (awaited first).
        ExpressionSyntax? tail = null;
        if (statements.Count > 0)
        {
            var last = statements[statements.Count - 1];
            switch (last)
            {
                case ReturnStatementSyntax { Expression: { } returned } when !isAsync:
                    tail = returned;
                    statements.RemoveAt(statements.Count - 1);
                    break;
                case ExpressionStatementSyntax { Expression: AwaitExpressionSyntax awaited } when isAsync:
                    tail = awaited.Expression;
                    statements.RemoveAt(statements.Count - 1);
                    break;
                case ReturnStatementSyntax { Expression: null } when isAsync:
                    statements.RemoveAt(statements.Count - 1);
                    break;
            }
        }

        if ((!isAsync && tail is null) || ReturnsEarly(statements))
        {
            return null;
        }

        if (tail is not null && IsCompletedTask(tail))
        {
            tail = null;
        }

        var keepsSync = !isAsync && tail is null;
        if (keepsSync)
        {
            statements.Add(SyntaxFactory.ReturnStatement(call));
        }
        else
        {
            if (tail is not null)
            {
                statements.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(Parenthesize(tail.WithoutTrivia()))));
            }

            statements.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(Parenthesize(call))));
        }

        var block = SyntaxFactory.Block(statements).WithAdditionalAnnotations(Formatter.Annotation);
        var updated = method;
        if (method.ExpressionBody is not null)
        {
            var trailing = method.SemicolonToken.TrailingTrivia;
            updated = updated
                .WithParameterList(updated.ParameterList.WithoutTrailingTrivia())
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(block.WithTrailingTrivia(trailing));
        }
        else
        {
            updated = updated.WithBody(block.WithTriviaFrom(method.Body!));
        }

        if (!keepsSync && !isAsync)
        {
            updated = AddAsync(updated);
        }

        return updated.WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// The re-base's preparation (<see cref="DelegatingBaseRebase.Prepare"/>): every <c>StartAsync</c>/<c>CompleteAsync</c>
    /// of the class that the analyzer judges to do only its own work (<see cref="BodyFeatureWrapperBlock"/>) first gets the
    /// call of the previous feature after that work, so the re-base keeps it as an override calling base.
    /// </summary>
    public static async Task<Document> PrepareRebaseAsync(Document document, int position, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || root.FindToken(position).Parent?.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type)
        {
            return document;
        }

        var known = KnownTypes.Create(model.Compilation);
        if (known.Stream is null || known.PipeWriter is null || BodyFeatureMembers.Create(known) is not { } members)
        {
            return document;
        }

        var holders = WrapperHolders.Find(type, members.Feature, cancellationToken);
        if (WrapperHolders.Choose(holders, type) is not { } holder || WrapperHolders.IsNullable(holder))
        {
            return document;
        }

        var wrapper = new BodyFeatureWrapperRule.Wrapper(known, members, type, holders);
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var method in declaration.Members)
        {
            if (method is not MethodDeclarationSyntax methodDeclaration
                || model.GetDeclaredSymbol(methodDeclaration, cancellationToken) is not { } symbol
                || wrapper.MemberOf(symbol) is not ({ } member and (BodyFeatureMember.StartAsync or BodyFeatureMember.CompleteAsync))
                || model.GetOperation(methodDeclaration, cancellationToken) is not { } operation
                || BodyFeatureWrapperBlock.Summarize(wrapper, symbol, ImmutableArray.Create(operation)) is not { MemberShape: BodyFeatureShape.FlushOnly or BodyFeatureShape.OwnWorkOnly }
                || BodyFeatureWrapperCodeFix.TryForwardMethod(methodDeclaration, BodyFeatureMembers.Name(member), holder.Name, innerMaybeNull: false, keepWork: true) is not { } forwarded)
            {
                continue;
            }

            replacements.Add(methodDeclaration, forwarded);
        }

        return replacements.Count == 0 ? document : document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    private static MethodDeclarationSyntax AddAsync(MethodDeclarationSyntax method)
    {
        if (method.Modifiers.Count == 0)
        {
            // Task IHttpResponseBodyFeature.StartAsync(...): the leading trivia moves onto the new modifier.
            var asyncToken = SyntaxFactory.Token(method.ReturnType.GetLeadingTrivia(), SyntaxKind.AsyncKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return method.WithReturnType(method.ReturnType.WithoutLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(asyncToken));
        }

        return method.AddModifiers(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space));
    }

    private static ExpressionSyntax Parenthesize(ExpressionSyntax expression)
        => expression is BinaryExpressionSyntax or ConditionalExpressionSyntax ? SyntaxFactory.ParenthesizedExpression(expression) : expression;

    private static bool IsCompletedTask(ExpressionSyntax expression)
        => expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" }
            || expression.IsKind(SyntaxKind.DefaultLiteralExpression)
            || expression is DefaultExpressionSyntax;

    /// <summary>A <c>return</c> before the end (outside lambdas and local functions) would skip the call added after it.</summary>
    private static bool ReturnsEarly(List<StatementSyntax> statements)
    {
        foreach (var statement in statements)
        {
            foreach (var node in statement.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is ReturnStatementSyntax)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
