using System;
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
/// SNOOP006 fix: generates forwarding <c>CanGetUnflushedBytes</c>/<c>UnflushedBytes</c> overrides (only when the
/// wrapper's <c>Advance</c> forwards to the inner writer, so the inner's count is the wrapper's), a
/// <c>CompleteAsync</c> override running <c>Complete</c>'s statements and awaiting the inner's <c>CompleteAsync</c>,
/// and passes the exception on where <c>Complete</c>/<c>CompleteAsync</c> dropped it. Offered only when every
/// finding of the diagnostic can be fixed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PipeWriterWrapperCodeFix))]
[Shared]
public sealed class PipeWriterWrapperCodeFix : CodeFixProvider
{
    private const string Title = "Forward the hidden PipeWriter members to the inner writer";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DelegatingBaseRebase.CreateFixAll(DelegatingBaseKind.PipeWriter, WellKnownFixAllProviders.BatchFixer);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FixPreconditions.TypeHasErrorsAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // The analyzer decided (every finding can be fixed); planning happens in the code action.
            if (diagnostic.Properties.ContainsKey(DiagnosticProperties.FixableKey))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => ApplyAsync(context.Document, diagnostic, ct), equivalenceKey: nameof(PipeWriterWrapperCodeFix)),
                    diagnostic);
            }

            await DelegatingBaseRebase.RegisterAsync(context, diagnostic, DelegatingBaseKind.PipeWriter).ConfigureAwait(false);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var replacement in plan.Replacements)
        {
            editor.ReplaceNode(replacement.Key, replacement.Value);
        }

        // New members go after the last member, in the style of the members around them.
        var last = plan.Declaration.Members.Count > 0 ? plan.Declaration.Members[plan.Declaration.Members.Count - 1] : null;
        var atEnd = new List<SyntaxNode>(plan.Members.Count + 1);
        if (plan.CompleteAsync is not null && plan.Complete is not null)
        {
            if (plan.Complete == last)
            {
                atEnd.Add(plan.CompleteAsync);
            }
            else
            {
                editor.InsertAfter(plan.Complete, plan.CompleteAsync);
            }
        }

        atEnd.AddRange(plan.Members);
        if (atEnd.Count > 0)
        {
            if (last is null)
            {
                foreach (var member in atEnd)
                {
                    editor.AddMember(plan.Declaration, member);
                }
            }
            else
            {
                editor.InsertAfter(last, atEnd);
            }
        }

        return await StreamWrapperCodeFix.AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Plan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FindingsKey, out var findingsValue)
            || string.IsNullOrEmpty(findingsValue)
            || !diagnostic.Properties.TryGetValue(DiagnosticProperties.InnerKey, out var inner)
            || inner is null
            || !PipeWriterWrapperRule.IsValidMemberPath(inner))
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        var members = PipeWriterMembers.Create(KnownTypes.Create(model.Compilation));
        var valueTask = model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        if (declaration is null
            || members is null
            || valueTask is null
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }

        var pipeWriter = members.PipeWriter;
        var completeSlot = members.Complete;
        var completeAsyncSlot = members.CompleteAsync;
        var plan = new Plan(declaration);
        var findings = findingsValue!.Split(',');
        var forwardable = diagnostic.Properties.ContainsKey(DiagnosticProperties.UnflushedForwardableKey);
        foreach (var finding in findings)
        {
            switch (finding)
            {
                case DiagnosticProperties.CanGetUnflushedBytesFinding when forwardable:
                    plan.Members.Add(ForwardingProperty(SyntaxKind.BoolKeyword, "CanGetUnflushedBytes", inner));
                    break;
                case DiagnosticProperties.UnflushedBytesFinding when forwardable:
                    plan.Members.Add(ForwardingProperty(SyntaxKind.LongKeyword, "UnflushedBytes", inner));
                    break;
                case DiagnosticProperties.CompleteAsyncFinding:
                    if (!PlanCompleteAsync(plan, type, pipeWriter, valueTask, completeSlot, model, SyntaxGenerator.GetGenerator(document), cancellationToken))
                    {
                        return null;
                    }

                    break;
                case DiagnosticProperties.DropsExceptionFinding:
                    var passed = PassException(plan, type, pipeWriter, completeSlot, completeAsyncSlot, model, cancellationToken);
                    passed |= PassException(plan, type, pipeWriter, completeAsyncSlot, completeAsyncSlot, model, cancellationToken);

                    // The generated CompleteAsync passes the exception on already.
                    if (!passed && plan.CompleteAsync is null && Array.IndexOf(findings, DiagnosticProperties.CompleteAsyncFinding) < 0)
                    {
                        return null;
                    }

                    break;
                default:
                    return null;
            }
        }

        return plan;
    }

    private static bool PlanCompleteAsync(Plan plan, INamedTypeSymbol type, INamedTypeSymbol pipeWriter, INamedTypeSymbol valueTask, IMethodSymbol? completeSlot, SemanticModel model, SyntaxGenerator generator, CancellationToken cancellationToken)
    {
        var complete = StreamWrapperCodeFix.FindOverrideDeclaration(plan.Declaration, type, completeSlot, cancellationToken);
        if (completeSlot is null || complete is null || complete.ParameterList.Parameters.Count != 1)
        {
            return false;
        }

        var exceptionName = complete.ParameterList.Parameters[0].Identifier.ValueText;
        var translator = new AsyncBodyTranslator(model, pipeWriter, completeSlot, "CompleteAsync", reservedName: null, cancellationToken);
        var statements = translator.Translate(complete, arguments => PipeWriterCompletion.PassedException(arguments, exceptionName), out var onlyForwards);
        if (statements is null)
        {
            return false;
        }

        plan.Complete = complete;
        plan.CompleteAsync = StreamWrapperCodeFix.BuildOverride(
            "CompleteAsync",
            StreamWrapperCodeFix.TypeName(generator, valueTask),
            complete.ParameterList.WithoutTrivia(),
            statements,
            onlyForwards);
        return true;
    }

    /// <summary>Replaces, in the override of <paramref name="slot"/>, inner Complete/CompleteAsync calls that drop the exception.</summary>
    private static bool PassException(Plan plan, INamedTypeSymbol type, INamedTypeSymbol pipeWriter, IMethodSymbol? slot, IMethodSymbol? completeAsyncSlot, SemanticModel model, CancellationToken cancellationToken)
    {
        var method = StreamWrapperCodeFix.FindOverrideDeclaration(plan.Declaration, type, slot, cancellationToken);
        if (method is null || method.ParameterList.Parameters.Count != 1)
        {
            return false;
        }

        var exceptionName = method.ParameterList.Parameters[0].Identifier.ValueText;
        var changed = false;
        foreach (var call in PipeWriterCompletion.DroppingCalls(method, model, pipeWriter, completeAsyncSlot, cancellationToken))
        {
            plan.Replacements[call.ArgumentList] = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(exceptionName))))
                .WithTriviaFrom(call.ArgumentList);
            changed = true;
        }

        return changed;
    }

    /// <summary><c>public override {type} {name} => {inner}.{name};</c> (<c>{inner}</c>: <c>_inner</c> or <c>_pipe.Writer</c>).</summary>
    private static MemberDeclarationSyntax ForwardingProperty(SyntaxKind type, string name, string inner)
        => SyntaxFactory.PropertyDeclaration(SyntaxFactory.PredefinedType(SyntaxFactory.Token(type)), SyntaxFactory.Identifier(name))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.OverrideKeyword)))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.ParseExpression(inner),
                SyntaxFactory.IdentifierName(name))))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private sealed class Plan
    {
        public Plan(TypeDeclarationSyntax declaration) => Declaration = declaration;

        public TypeDeclarationSyntax Declaration { get; }

        public List<MemberDeclarationSyntax> Members { get; } = new();

        public Dictionary<SyntaxNode, SyntaxNode> Replacements { get; } = new();

        public MethodDeclarationSyntax? Complete { get; set; }

        public MethodDeclarationSyntax? CompleteAsync { get; set; }
    }
}
