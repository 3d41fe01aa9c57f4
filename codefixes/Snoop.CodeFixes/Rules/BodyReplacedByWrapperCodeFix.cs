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
/// SNOOP007 fix, where the wrapper only counts: <c>Response.Body = new W(original)</c> becomes
/// <c>using var capture = ResponseCapture.BeginMetrics(context);</c>; the swap, the restore, the kept original and the
/// wrapper's disposal disappear, and reads of the wrapper's count read <c>capture.BytesWritten</c>. Where the wrapper observes
/// otherwise, a <c>ResponseObserver</c> generated from it is installed with <c>ResponseCapture.Observe</c>
/// (<see cref="ObserverGeneration"/>). The wrapper class stays (another caller may use it) unless it is not public and nothing
/// refers to it any more. Offered only when every use of the wrapper and of the kept original is one of those.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BodyReplacedByWrapperCodeFix))]
[Shared]
public sealed class BodyReplacedByWrapperCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "SNOOP007:UseBeginMetrics";

    /// <summary>The key of the observer rewrite (a wrapper that observes more than a count).</summary>
    internal const string ObserveEquivalenceKey = "SNOOP007:UseObserve";

    private const string ObserveMark = "*observe*";

    private static readonly SyntaxAnnotation s_remove = new("SnoopRemove");
    private static readonly SyntaxAnnotation s_anchor = new("SnoopAnchor");
    private static readonly SyntaxAnnotation s_countRead = new("SnoopCountRead");

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.BodyReplacedByWrapper);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        // Each swap is marked with its count members, then fixed on the updated document in turn (each re-analyzes its function).
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var members = ParseMembers(diagnostic);
            var wanted = context.CodeActionEquivalenceKey == ObserveEquivalenceKey ? members is null : members is not null;
            if (wanted && IsFixable(diagnostic) && FindSwap(root, diagnostic) is { } node && !marks.ContainsKey(node))
            {
                marks.Add(node, new SyntaxAnnotation("SnoopFixAll", members is null ? ObserveMark : string.Join(",", members)));
            }
        }

        var current = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
        foreach (var mark in marks.Values)
        {
            var currentRoot = await current.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (currentRoot?.GetAnnotatedNodes(mark).FirstOrDefault() is AssignmentExpressionSyntax swap
                && await TryFixAsync(current, swap, mark.Data == ObserveMark ? null : (mark.Data ?? string.Empty).Split(new[] { ',' }, System.StringSplitOptions.RemoveEmptyEntries), context.CancellationToken).ConfigureAwait(false) is { } fixedDocument)
            {
                current = fixedDocument;
            }
        }

        return current;
    });

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
            if (!IsFixable(diagnostic) || FindSwap(root, diagnostic) is not AssignmentExpressionSyntax swap)
            {
                continue;
            }

            var countMembers = ParseMembers(diagnostic);
            var document = context.Document;
            if (await TryFixAsync(document, swap, countMembers, context.CancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    countMembers is null
                        ? $"Observe with a {RuntimeNames.ResponseObserver} and {RuntimeNames.ResponseCapture}.{RuntimeNames.Observe} (keeps send-file and the server's pipe)"
                        : $"Count with {RuntimeNames.ResponseCapture}.{RuntimeNames.BeginMetrics} (keeps send-file and the server's pipe)",
                    async ct => await TryFixAsync(document, swap, countMembers, ct).ConfigureAwait(false) ?? document,
                    countMembers is null ? ObserveEquivalenceKey : EquivalenceKey),
                diagnostic);
        }
    }

    private static bool IsFixable(Diagnostic diagnostic)
        => SwapFixAll.HasProperty(diagnostic, DiagnosticProperties.KindKey, DiagnosticProperties.KindCounts, DiagnosticProperties.KindObserves)
            && SwapFixAll.HasProperty(diagnostic, DiagnosticProperties.InstallKey, DiagnosticProperties.InstallBody);

    /// <summary>The members that read the wrapper's count; null for an observing wrapper (the fix generates an observer).</summary>
    private static string[]? ParseMembers(Diagnostic diagnostic)
        => SwapFixAll.HasProperty(diagnostic, DiagnosticProperties.KindKey, DiagnosticProperties.KindObserves)
            ? null
            : diagnostic.Properties.TryGetValue(DiagnosticProperties.MembersKey, out var members) && !string.IsNullOrEmpty(members)
                ? members!.Split(',')
                : System.Array.Empty<string>();

    private static SyntaxNode? FindSwap(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var swap = node.AncestorsAndSelf().OfType<AssignmentExpressionSyntax>().FirstOrDefault();
        return swap;
    }

    /// <summary>Re-checks the install site on the current document and rewrites it; null when the fix does not apply.</summary>
    internal static async Task<Document?> TryFixAsync(Document document, AssignmentExpressionSyntax swap, string[]? countMembers, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax || model is null
            || swap.Parent is not ExpressionStatementSyntax swapStatement
            || model.GetOperation(swap, cancellationToken) is not ISimpleAssignmentOperation assignment)
        {
            return null;
        }

        var known = KnownTypes.Create(model.Compilation);
        var function = swap.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax);
        var functionBody = function switch
        {
            BaseMethodDeclarationSyntax method => method.Body,
            AnonymousFunctionExpressionSyntax lambda => lambda.Block,
            LocalFunctionStatementSyntax local => local.Body,
            AccessorDeclarationSyntax accessor => accessor.Body,
            _ => null,
        };
        if (functionBody is null
            || OperationFacts.Unwrap(assignment.Target) is not IPropertyReferenceOperation body
            || !ResponseBodySwap.IsBodyProperty(body.Property, known)
            || CompileErrors.In(model, functionBody, cancellationToken)
            || GetContextText(body.Instance, known) is not { } contextText)
        {
            return null;
        }

        // The wrapper: created right in the swap, or in a local declared by its own statement.
        IObjectCreationOperation? creation;
        ILocalSymbol? wrapperLocal = null;
        LocalDeclarationStatementSyntax? wrapperDeclaration = null;
        switch (OperationFacts.Unwrap(assignment.Value))
        {
            case IObjectCreationOperation created:
                creation = created;
                break;
            case ILocalReferenceOperation local:
                wrapperLocal = local.Local;
                wrapperDeclaration = DeclarationOf(wrapperLocal, functionBody, cancellationToken);
                creation = wrapperDeclaration is { Declaration.Variables.Count: 1 } && wrapperDeclaration.Declaration.Variables[0].Initializer?.Value is { } initializer
                    ? OperationFacts.Unwrap(model.GetOperation(initializer, cancellationToken)) as IObjectCreationOperation
                    : null;
                break;
            default:
                return null;
        }

        if (creation?.Type is not INamedTypeSymbol wrapperType || creation.Syntax is not { } creationSyntax)
        {
            return null;
        }

        // The kept original, when the wrapper was given a local rather than Response.Body itself.
        ILocalSymbol? originalLocal = null;
        foreach (var argument in creation.Arguments)
        {
            if (OperationFacts.Unwrap(argument.Value) is ILocalReferenceOperation originalReference
                && KnownTypes.InheritsFromOrEquals(originalReference.Type, known.Stream))
            {
                originalLocal = originalReference.Local;
            }
        }

        // Observing (not only counting): a ResponseObserver generated from the wrapper class, installed with Observe.
        ObserverGeneration? observer = null;
        string? observerCreation = null;
        if (countMembers is null)
        {
            var observerBase = RuntimeImports.ChooseTypeName(root, model, swap.SpanStart, RuntimeNames.ResponseObserver, out _);
            if (creation.Constructor is not { } constructor || creationSyntax is not ObjectCreationExpressionSyntax { ArgumentList: { } argumentList }
                || wrapperDeclaration is not null && !wrapperDeclaration.Declaration.Type.IsVar
                || ObserverGeneration.TryBuild(wrapperType, constructor, model, observerBase, cancellationToken) is not { } generated
                || argumentList.Arguments.Count != constructor.Parameters.Length)
            {
                return null;
            }

            observer = generated;
            var arguments = argumentList.Arguments.Where((_, i) => i != generated.InnerOrdinal).Select(a => a.ToString());
            observerCreation = $"new {generated.Name}({string.Join(", ", arguments)})";
        }

        var removals = new HashSet<SyntaxNode> { swapStatement };
        var countReads = new List<SyntaxNode>();
        LocalDeclarationStatementSyntax? originalDeclaration = null;
        if (originalLocal is not null)
        {
            originalDeclaration = DeclarationOf(originalLocal, functionBody, cancellationToken);
            if (originalDeclaration is not { Declaration.Variables.Count: 1, UsingKeyword.RawKind: 0 })
            {
                return null;
            }

            removals.Add(originalDeclaration);
        }

        foreach (var identifier in functionBody.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (symbol is null || creationSyntax.Span.Contains(identifier.Span))
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(symbol, wrapperType))
            {
                // A cast or a type test of the body to the wrapper would fail once the body is the server's again.
                if (wrapperDeclaration is null || !wrapperDeclaration.Span.Contains(identifier.Span))
                {
                    return null;
                }
            }
            else if (wrapperLocal is not null && SymbolEqualityComparer.Default.Equals(symbol, wrapperLocal))
            {
                if (swap.Right.Span.Contains(identifier.Span))
                {
                    continue;
                }

                if (identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier)
                {
                    if (countMembers is not null && countMembers.Contains(access.Name.Identifier.ValueText) && !IsWrittenTo(access))
                    {
                        countReads.Add(access);
                        continue;
                    }

                    if (observer is not null && observer.Members.Contains(access.Name.Identifier.ValueText))
                    {
                        // The observer keeps the wrapper's own members (GetHash(), the log).
                        continue;
                    }

                    if (access.Name.Identifier.ValueText is "Dispose" or "DisposeAsync" or "Close" or "Flush" or "FlushAsync"
                        && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call
                        && (call.Parent is ExpressionStatementSyntax || call.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax }))
                    {
                        // The wrapper's disposal (which would dispose the response body) and flushes through it go.
                        removals.Add(call.FirstAncestorOrSelf<ExpressionStatementSyntax>()!);
                        continue;
                    }
                }

                return null;
            }
            else if (originalLocal is not null && SymbolEqualityComparer.Default.Equals(symbol, originalLocal))
            {
                if (identifier.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax restore } put
                    && put.Right == identifier
                    && model.GetOperation(put, cancellationToken) is ISimpleAssignmentOperation putBack
                    && OperationFacts.Unwrap(putBack.Target) is IPropertyReferenceOperation target
                    && ResponseBodySwap.IsBodyProperty(target.Property, known))
                {
                    removals.Add(restore);
                    continue;
                }

                return null;
            }
        }

        var anchor = observer is null ? wrapperDeclaration ?? (StatementSyntax)swapStatement : swapStatement;
        if (anchor.Parent is not BlockSyntax || observer is null && wrapperDeclaration is not null && !IsAdjacentAfterRemovals(wrapperDeclaration, swapStatement, removals))
        {
            return null;
        }

        removals.Remove(anchor);
        var isAsync = function switch
        {
            BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.RawKind != 0,
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            _ => false,
        };
        var captureName = ChooseName(model, functionBody, cancellationToken);
        var typeName = RuntimeImports.ChooseTypeName(root, model, swap.SpanStart, RuntimeNames.ResponseCapture, out var addUsing);
        var install = observer is null
            ? $"{typeName}.{RuntimeNames.BeginMetrics}({contextText})"
            : $"{typeName}.{RuntimeNames.Observe}({contextText}, {(wrapperLocal is not null ? wrapperLocal.Name : observerCreation)})";
        var declaration = SyntaxFactory.ParseStatement($"{(isAsync ? "await " : string.Empty)}using var {captureName} = {install};")
            .WithLeadingTrivia(anchor.GetLeadingTrivia())
            .WithTrailingTrivia(anchor.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

        // The observer keeps the wrapper's local: var h = new W(original, ...) becomes var h = new WObserver(...), not disposed.
        StatementSyntax? observerDeclaration = null;
        if (observer is not null && wrapperDeclaration is not null)
        {
            observerDeclaration = SyntaxFactory.ParseStatement($"var {wrapperLocal!.Name} = {observerCreation};")
                .WithTriviaFrom(wrapperDeclaration)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        var replaced = removals.Concat(countReads).Append(anchor);
        if (observerDeclaration is not null)
        {
            replaced = replaced.Append(wrapperDeclaration!);
        }

        var annotated = root.ReplaceNodes(
            replaced,
            (original, rewritten) => original == wrapperDeclaration && observerDeclaration is not null
                ? observerDeclaration
                : rewritten.WithAdditionalAnnotations(original == anchor ? s_anchor : countReads.Contains(original) ? s_countRead : s_remove));
        var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString();
        var rewriter = new Rewriter(declaration, captureName, newLine.Length == 0 ? "\n" : newLine);
        if (rewriter.Visit(annotated) is not CompilationUnitSyntax newRoot)
        {
            return null;
        }

        if (observer is not null)
        {
            var wrapperClass = newRoot.DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.ValueText == observer.Wrapper.Identifier.ValueText);
            if (wrapperClass is null)
            {
                return null;
            }

            newRoot = newRoot.InsertNodesAfter(wrapperClass, new[] { observer.Observer });
        }

        if (addUsing)
        {
            newRoot = RuntimeImports.AddSnoopUsing(newRoot);
        }

        var fixedDocument = await FixFormatting.FormatAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);

        // Never hand back code with more compile errors than it had.
        var fixedModel = await fixedDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (fixedModel is null || CountErrors(fixedModel, cancellationToken) > CountErrors(model, cancellationToken))
        {
            return null;
        }

        return await RemoveUnusedWrapperAsync(fixedDocument, wrapperType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The wrapper class stays (another caller may use it) unless it is not public, declared in this document only, and
    /// nothing in the project refers to it any more.
    /// </summary>
    private static async Task<Document> RemoveUnusedWrapperAsync(Document document, INamedTypeSymbol wrapperType, CancellationToken cancellationToken)
    {
        if (wrapperType.DeclaredAccessibility == Accessibility.Public || wrapperType.ContainingType is not null
            || wrapperType.DeclaringSyntaxReferences.Length != 1)
        {
            return document;
        }

        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || root is null || model is null)
        {
            return document;
        }

        var declaration = root.DescendantNodes().OfType<ClassDeclarationSyntax>()
            .FirstOrDefault(c => model.GetDeclaredSymbol(c, cancellationToken) is { } symbol
                && symbol.Name == wrapperType.Name
                && symbol.ContainingNamespace?.ToDisplayString() == wrapperType.ContainingNamespace?.ToDisplayString());
        if (declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not { DeclaringSyntaxReferences.Length: 1 } current)
        {
            return document;
        }

        var references = await Microsoft.CodeAnalysis.FindSymbols.SymbolFinder.FindReferencesAsync(current, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        if (references.Any(r => r.Locations.Any()))
        {
            return document;
        }

        return document.WithSyntaxRoot(root.RemoveNode(declaration, SyntaxRemoveOptions.KeepNoTrivia)!);
    }

    private static int CountErrors(SemanticModel model, CancellationToken cancellationToken)
        => model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The <c>HttpContext</c> to pass to <c>BeginMetrics</c>, as source text: <c>context</c> of <c>context.Response</c>, or <c>response.HttpContext</c>.</summary>
    private static string? GetContextText(IOperation? response, KnownTypes known)
    {
        var context = ResponseBodySwap.GetHttpContextOfResponse(response, known);
        if (context is null || context.IsImplicit || !IsSimpleReference(context))
        {
            return null;
        }

        if (KnownTypes.InheritsFromOrEquals(context.Type, known.HttpContext))
        {
            return context.Syntax.ToString();
        }

        return KnownTypes.InheritsFromOrEquals(context.Type, known.HttpResponse) ? context.Syntax + ".HttpContext" : null;
    }

    /// <summary>A parameter, local, field or property chain: safe to evaluate once more, earlier.</summary>
    private static bool IsSimpleReference(IOperation? operation)
    {
        for (var i = 0; i < 8; i++)
        {
            switch (OperationFacts.Unwrap(operation))
            {
                case IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation:
                    return true;
                case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                    if (property.Instance is null)
                    {
                        return true;
                    }

                    operation = property.Instance;
                    break;
                case IFieldReferenceOperation field:
                    if (field.Instance is null)
                    {
                        return true;
                    }

                    operation = field.Instance;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static LocalDeclarationStatementSyntax? DeclarationOf(ILocalSymbol local, SyntaxNode functionBody, CancellationToken cancellationToken)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } }
                && functionBody.Span.Contains(statement.Span))
            {
                return statement;
            }
        }

        return null;
    }

    private static bool IsWrittenTo(ExpressionSyntax access)
        => access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access
            || access.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax
            || access.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 };

    /// <summary>
    /// The wrapper's declaration is followed directly by the swap (or by a <c>try</c> whose block starts with it), once the
    /// removed statements are gone: the capture then begins exactly where the wrapper was installed.
    /// </summary>
    private static bool IsAdjacentAfterRemovals(StatementSyntax declaration, StatementSyntax swapStatement, HashSet<SyntaxNode> removals)
    {
        var block = (BlockSyntax)declaration.Parent!;
        var outer = swapStatement.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent == block);
        if (outer is null)
        {
            return false;
        }

        var statements = block.Statements;
        for (var i = statements.IndexOf(declaration) + 1; i < statements.IndexOf(outer); i++)
        {
            if (!removals.Contains(statements[i]))
            {
                return false;
            }
        }

        if (outer == swapStatement)
        {
            return true;
        }

        if (outer is not TryStatementSyntax tryStatement || swapStatement.Parent != tryStatement.Block)
        {
            return false;
        }

        foreach (var statement in tryStatement.Block.Statements)
        {
            if (statement == swapStatement)
            {
                return true;
            }

            if (!removals.Contains(statement))
            {
                return false;
            }
        }

        return false;
    }

    private static string ChooseName(SemanticModel model, SyntaxNode functionBody, CancellationToken cancellationToken)
    {
        var taken = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var node in functionBody.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax variable:
                    taken.Add(variable.Identifier.ValueText);
                    break;
                case SingleVariableDesignationSyntax designation:
                    taken.Add(designation.Identifier.ValueText);
                    break;
                case IdentifierNameSyntax identifier:
                    taken.Add(identifier.Identifier.ValueText);
                    break;
            }
        }

        for (var i = 1; ; i++)
        {
            var name = i == 1 ? "capture" : "capture" + i;
            if (!taken.Contains(name) && model.LookupSymbols(functionBody.SpanStart, name: name).IsEmpty)
            {
                return name;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

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
