using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// SNOOP004: forwards a body-feature member that does not reach the wrapped feature
/// (<c>=&gt; _inner.X(...)</c>), or passes the current feature to a feature installed without it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BodyFeatureWrapperCodeFix)), Shared]
public sealed class BodyFeatureWrapperCodeFix : CodeFixProvider
{
    internal const string ForwardKey = RuleIdentifiers.BodyFeatureDropsCapability + ".Forward";
    internal const string PassPreviousKey = RuleIdentifiers.BodyFeatureDropsCapability + ".PassPrevious";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.BodyFeatureDropsCapability);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DelegatingBaseRebase.CreateFixAll(DelegatingBaseKind.BodyFeature, WellKnownFixAllProviders.BatchFixer, BodyFeatureKeepWork.PrepareRebaseAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FixPreconditions.TypeHasErrorsAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var properties = diagnostic.Properties;
            if (properties.TryGetValue(DiagnosticProperties.KindKey, out var wrapperKind) && wrapperKind is DiagnosticProperties.KindMember or DiagnosticProperties.KindWriter)
            {
                RegisterForward(context, root, diagnostic);

                // Second action (offered also where forwarding one member is not): derive from DelegatingResponseBodyFeature.
                // Members with work of their own (a flushing StartAsync, a logging CompleteAsync) first call the previous
                // feature after it, so they become overrides calling base.
                await DelegatingBaseRebase.RegisterAsync(context, diagnostic, DelegatingBaseKind.BodyFeature, BodyFeatureKeepWork.PrepareRebaseAsync).ConfigureAwait(false);
                continue;
            }

            RegisterForward(context, root, diagnostic);
        }
    }

    private static void RegisterForward(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        var properties = diagnostic.Properties;
        if (!properties.ContainsKey(DiagnosticProperties.FixableKey) || !properties.TryGetValue(DiagnosticProperties.KindKey, out var kind))
        {
            return;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var document = context.Document;
        switch (kind)
        {
            case DiagnosticProperties.KindMember when properties.TryGetValue(DiagnosticProperties.MemberKey, out var member) && member is not null
                && properties.TryGetValue(DiagnosticProperties.InnerKey, out var inner) && inner is not null
                && node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method
                && TryForwardMethod(method, member, inner, properties.ContainsKey(DiagnosticProperties.InnerMaybeNullKey), properties.ContainsKey(DiagnosticProperties.KeepWorkKey)) is { } forwarded:
                context.RegisterCodeFix(
                    CodeAction.Create("Forward " + member + " to the wrapped feature", _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(method, forwarded))), ForwardKey),
                    diagnostic);
                break;

            case DiagnosticProperties.KindWriter when properties.TryGetValue(DiagnosticProperties.InnerKey, out var writerInner) && writerInner is not null
                && node.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is { } property:
                context.RegisterCodeFix(
                    CodeAction.Create("Use the wrapped feature's Writer", ct => ForwardWriterAsync(document, property, writerInner, ct), ForwardKey),
                    diagnostic);
                break;

            case DiagnosticProperties.KindSet
                when node.FirstAncestorOrSelf<ObjectCreationExpressionSyntax>() is { ArgumentList: { } } creation
                && creation.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax setName } setAccess } } }
                && IsSideEffectFree(setAccess.Expression):
                context.RegisterCodeFix(
                    CodeAction.Create("Pass the current body feature", _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(creation, PassPrevious(creation, setAccess.Expression, setName)))), PassPreviousKey),
                    diagnostic);
                break;
        }
    }

    /// <summary>
    /// The method with its body replaced by <c>=&gt; inner.Member(parameters)</c> (or, with <paramref name="keepWork"/>, its
    /// own work followed by that call: <see cref="BodyFeatureKeepWork"/>); null when that would not compile.
    /// </summary>
    internal static MethodDeclarationSyntax? TryForwardMethod(MethodDeclarationSyntax method, string member, string inner, bool innerMaybeNull, bool keepWork = false)
    {
        if (!BodyFeatureMembers.TryParse(member, out var featureMember)
            || featureMember == BodyFeatureMember.Writer
            || method.ParameterList.Parameters.Count != BodyFeatureMembers.ParameterCount(featureMember))
        {
            return null;
        }

        var arguments = new List<ArgumentSyntax>();
        foreach (var parameter in method.ParameterList.Parameters)
        {
            if (parameter.Identifier.ValueText == inner)
            {
                // The parameter would shadow the holder.
                return null;
            }

            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(parameter.Identifier.WithoutTrivia())));
        }

        var argumentList = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments));
        ExpressionSyntax call;
        if (!innerMaybeNull)
        {
            call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(inner), SyntaxFactory.IdentifierName(member)),
                argumentList);
        }
        else
        {
            // A missing inner feature keeps the old no-op behaviour: inner?.X(...) ?? Task.CompletedTask.
            call = SyntaxFactory.ConditionalAccessExpression(
                SyntaxFactory.IdentifierName(inner),
                SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName(member)), argumentList));
            if (featureMember != BodyFeatureMember.DisableBuffering)
            {
                call = SyntaxFactory.BinaryExpression(
                    SyntaxKind.CoalesceExpression,
                    call,
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, method.ReturnType.WithoutTrivia(), SyntaxFactory.IdentifierName("CompletedTask")));
            }
        }

        if (keepWork)
        {
            return BodyFeatureKeepWork.Then(method, call.WithAdditionalAnnotations(Formatter.Annotation));
        }

        return WithExpressionBody(RemoveAsync(method), call.WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static MethodDeclarationSyntax RemoveAsync(MethodDeclarationSyntax method)
    {
        var modifiers = method.Modifiers;
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (modifiers[i].IsKind(SyntaxKind.AsyncKeyword))
            {
                var asyncToken = modifiers[i];
                var rest = modifiers.RemoveAt(i);
                if (i < rest.Count)
                {
                    rest = rest.Replace(rest[i], rest[i].WithLeadingTrivia(asyncToken.LeadingTrivia.AddRange(rest[i].LeadingTrivia)));
                    return method.WithModifiers(rest);
                }

                // async was the last modifier: keep its leading trivia on the return type.
                return method.WithModifiers(rest).WithReturnType(method.ReturnType.WithLeadingTrivia(asyncToken.LeadingTrivia.AddRange(method.ReturnType.GetLeadingTrivia())));
            }
        }

        return method;
    }

    private static MethodDeclarationSyntax WithExpressionBody(MethodDeclarationSyntax method, ExpressionSyntax expression)
    {
        if (method.ExpressionBody is { } existing)
        {
            return method.WithExpressionBody(existing.WithExpression(expression.WithTriviaFrom(existing.Expression)));
        }

        if (method.Body is { } block && HasComments(block))
        {
            return method.WithBody(WithForwardingStatement(block, method.ReturnType, expression));
        }

        var body = method.Body;
        var trailing = body is null ? method.SemicolonToken.TrailingTrivia : body.GetTrailingTrivia();
        var beforeArrow = method.ConstraintClauses.Count > 0 ? (SyntaxNode)method.ConstraintClauses[method.ConstraintClauses.Count - 1] : method.ParameterList;
        var updated = method.ReplaceNode(beforeArrow, beforeArrow.WithTrailingTrivia(SyntaxFactory.Space));
        return updated
            .WithBody(null)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(
                SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space),
                expression))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing));
    }

    private static bool HasComments(BlockSyntax block)
    {
        foreach (var trivia in block.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Keeps the block (and the comments in it) and makes its only statement the forwarding call: the old statements'
    /// comments stay around the new one, comments of an empty block stay above it.
    /// </summary>
    private static BlockSyntax WithForwardingStatement(BlockSyntax block, TypeSyntax returnType, ExpressionSyntax expression)
    {
        var isVoid = returnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword);
        StatementSyntax statement = isVoid
            ? SyntaxFactory.ExpressionStatement(expression)
            : SyntaxFactory.ReturnStatement(expression.WithLeadingTrivia(SyntaxFactory.Space));
        var closeBrace = block.CloseBraceToken;
        if (block.Statements.Count > 0)
        {
            statement = statement
                .WithLeadingTrivia(block.Statements[0].GetLeadingTrivia())
                .WithTrailingTrivia(block.Statements[block.Statements.Count - 1].GetTrailingTrivia());
        }
        else
        {
            // The comments of an empty block are the close brace's leading trivia: they move onto the statement, and
            // the brace keeps the indentation after the last line break.
            var trivia = closeBrace.LeadingTrivia;
            var lastLineBreak = -1;
            for (var i = 0; i < trivia.Count; i++)
            {
                if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    lastLineBreak = i;
                }
            }

            var before = new List<SyntaxTrivia>();
            var after = new List<SyntaxTrivia>();
            for (var i = 0; i < trivia.Count; i++)
            {
                (i <= lastLineBreak ? before : after).Add(trivia[i]);
            }

            var indentation = trivia.Count > 0 && trivia[0].IsKind(SyntaxKind.WhitespaceTrivia) ? trivia[0] : SyntaxFactory.Whitespace(string.Empty);
            var endOfLine = lastLineBreak >= 0 ? trivia[lastLineBreak] : SyntaxFactory.CarriageReturnLineFeed;
            before.Add(indentation);
            statement = statement.WithLeadingTrivia(before).WithTrailingTrivia(endOfLine);
            closeBrace = closeBrace.WithLeadingTrivia(after);
        }

        return block
            .WithStatements(SyntaxFactory.SingletonList(statement.WithAdditionalAnnotations(Formatter.Annotation)))
            .WithCloseBraceToken(closeBrace);
    }

    private static async Task<Document> ForwardWriterAsync(Document document, PropertyDeclarationSyntax property, string inner, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;

        // Private fields that only the old getter used (the lazily created pipe) go away with it. With a partial
        // type another part may use them, so they stay.
        if (property.Parent is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            foreach (var identifier in property.DescendantNodes())
            {
                if (identifier is not IdentifierNameSyntax name
                    || model.GetSymbolInfo(name, cancellationToken).Symbol is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field
                    || field.DeclaringSyntaxReferences.Length != 1
                    || IsUsedOutside(type, property, field.Name)
                    || await field.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not VariableDeclaratorSyntax declarator
                    || declarator.Parent is not VariableDeclarationSyntax { Parent: FieldDeclarationSyntax fieldDeclaration } declaration
                    || fieldDeclaration.Parent != type)
                {
                    continue;
                }

                if (declaration.Variables.Count == 1)
                {
                    editor.RemoveNode(fieldDeclaration, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                }
                else
                {
                    editor.RemoveNode(declarator);
                }
            }
        }

        var writer = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(inner), SyntaxFactory.IdentifierName("Writer"));
        var trailing = property.GetTrailingTrivia();
        var head = property.Identifier.WithTrailingTrivia(SyntaxFactory.Space);
        var forwarded = property
            .WithIdentifier(head)
            .WithAccessorList(null)
            .WithInitializer(null)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space), writer))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing));
        editor.ReplaceNode(property, forwarded.WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }

    private static bool IsUsedOutside(TypeDeclarationSyntax type, PropertyDeclarationSyntax property, string name)
    {
        foreach (var node in type.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name && !property.Span.Contains(identifier.Span))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSideEffectFree(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case IdentifierNameSyntax:
                case ThisExpressionSyntax:
                    return true;
                case MemberAccessExpressionSyntax access when access.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                    expression = access.Expression;
                    continue;
                default:
                    return false;
            }
        }
    }

    private static ObjectCreationExpressionSyntax PassPrevious(ObjectCreationExpressionSyntax creation, ExpressionSyntax features, GenericNameSyntax setName)
    {
        var get = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                features.WithoutTrivia(),
                SyntaxFactory.GenericName(SyntaxFactory.Identifier("Get"), setName.TypeArgumentList.WithoutTrivia())));
        var arguments = creation.ArgumentList!;
        return creation.WithArgumentList(arguments.AddArguments(SyntaxFactory.Argument(get)).WithAdditionalAnnotations(Formatter.Annotation));
    }
}
