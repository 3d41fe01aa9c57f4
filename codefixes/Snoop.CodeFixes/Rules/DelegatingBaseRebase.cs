using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// The second code action of SNOOP003, SNOOP004 and SNOOP006: the wrapper derives from the runtime's delegating base, its
/// constructor passes the wrapped instance to the base, members that only forward (or that drop the capability the rule
/// reports: empty, <c>NotImplementedException</c>, a send-file copy) are deleted, and members with their own logic stay as
/// overrides that call <c>base</c>. Offered only where the class derives from <c>Stream</c>/<c>PipeWriter</c>/<c>object</c>,
/// no write path of the base would skip the class's logic, and the result compiles with no more errors than before.
/// </summary>
internal static class DelegatingBaseRebase
{
    /// <summary>A step run on the document before the re-base, given the position of the class's name.</summary>
    public delegate Task<Document> Prepare(Document document, int position, CancellationToken cancellationToken);

    /// <summary>The code action's title.</summary>
    public static string Title(DelegatingBaseKind kind) => "Derive from Snoop's " + BaseName(kind) + " and delete the forwarding members";

    /// <summary>The equivalence key of the action for <paramref name="kind"/> (distinct from the "add the missing members" actions).</summary>
    public static string EquivalenceKey(DelegatingBaseKind kind) => "DeriveFrom" + BaseName(kind);

    private static string BaseName(DelegatingBaseKind kind) => kind switch
    {
        DelegatingBaseKind.Stream => RuntimeNames.DelegatingStream,
        DelegatingBaseKind.PipeWriter => RuntimeNames.DelegatingPipeWriter,
        _ => RuntimeNames.DelegatingResponseBodyFeature,
    };

    /// <summary>
    /// Offers "derive from Snoop's delegating base" from the analyzer's <see cref="DiagnosticProperties.RebaseKey"/> fact and
    /// the compile-error precondition, without planning: a reason is final, and <see cref="DiagnosticProperties.True"/>
    /// registers the action. The rewrite (after any preparation step: SNOOP003's generated async overrides, SNOOP004's kept
    /// work) is planned once, when the action is applied; a shape the analyzer did not foresee gives the document back
    /// unchanged.
    /// </summary>
    public static async Task RegisterAsync(CodeFixContext context, Diagnostic diagnostic, DelegatingBaseKind kind, Prepare? prepare = null)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.RebaseKey, out var rebase) || rebase != DiagnosticProperties.True)
        {
            return;
        }

        var document = context.Document;
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null || CompileErrors.BlockTypeFix(model, diagnostic.Location.SourceSpan, [], FixPreconditions.WrapperImports, context.CancellationToken))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                Title(kind),
                async ct => await TryRebaseAsync(document, diagnostic.Location.SourceSpan, kind, prepare, ct).ConfigureAwait(false) ?? document,
                EquivalenceKey(kind)),
            diagnostic);
    }

    /// <summary>
    /// Fix All for a fixer offering both actions: the re-base runs once per class (a class may carry several diagnostics),
    /// classes one after the other on the updated document; the fixer's other action keeps <paramref name="other"/>.
    /// Without an equivalence key, the fixer's first action (<see cref="DefaultKeyFixAll"/>).
    /// </summary>
    public static FixAllProvider CreateFixAll(DelegatingBaseKind kind, FixAllProvider other, Prepare? prepare = null) => DefaultKeyFixAll.Wrap(new RebaseFixAll(kind, other, prepare));

    private sealed class RebaseFixAll : FixAllProvider
    {
        private readonly DelegatingBaseKind _kind;
        private readonly FixAllProvider _other;
        private readonly FixAllProvider _rebase;

        public RebaseFixAll(DelegatingBaseKind kind, FixAllProvider other, Prepare? prepare)
        {
            _kind = kind;
            _other = other;
            _rebase = FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    return document;
                }

                var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
                foreach (var diagnostic in diagnostics)
                {
                    if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ClassDeclarationSyntax>() is { } declaration
                        && !marks.ContainsKey(declaration))
                    {
                        marks.Add(declaration, new SyntaxAnnotation("SnoopRebase"));
                    }
                }

                var current = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
                foreach (var mark in marks.Values)
                {
                    var currentRoot = await current.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                    if (currentRoot?.GetAnnotatedNodes(mark).FirstOrDefault() is ClassDeclarationSyntax declaration
                        && await TryRebaseAsync(current, declaration.Identifier.Span, _kind, prepare, context.CancellationToken).ConfigureAwait(false) is { } rebased)
                    {
                        current = rebased;
                    }
                }

                return current;
            });
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => _rebase.GetSupportedFixAllScopes();

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            => fixAllContext.CodeActionEquivalenceKey == EquivalenceKey(_kind) ? _rebase.GetFixAsync(fixAllContext) : _other.GetFixAsync(fixAllContext);
    }

    /// <summary>Re-bases the class declared around <paramref name="span"/>; null when the action does not apply.</summary>
    /// <remarks>
    /// A <see cref="Prepare"/> step runs first on the class (at the position of its name): SNOOP003 generates the missing
    /// async overrides with the class's logic, so that the base's async writes do not skip it.
    /// </remarks>
    public static async Task<Document?> TryRebaseAsync(Document document, TextSpan span, DelegatingBaseKind kind, Prepare? prepare, CancellationToken cancellationToken)
    {
        if (prepare is not null)
        {
            var before = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (before?.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } toPrepare)
            {
                return null;
            }

            var name = toPrepare.Identifier.ValueText;
            document = await prepare(document, toPrepare.Identifier.SpanStart, cancellationToken).ConfigureAwait(false);
            var after = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (after?.DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.ValueText == name) is not { } prepared)
            {
                return null;
            }

            span = prepared.Identifier.Span;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax || model is null
            || root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type
            || CompileErrors.BlockTypeFix(model, declaration.Identifier.Span, [], FixPreconditions.WrapperImports, cancellationToken))
        {
            return null;
        }

        // The same decision the analyzer made for the Rebase fact, now on this document (after any preparation).
        var known = KnownTypes.Create(model.Compilation);
        var delegating = model.Compilation.GetTypeByMetadataName(RuntimeNames.Namespace + "." + BaseName(kind));
        if (delegating is null
            || DelegatingBaseShape.InnerTypeOf(known, kind) is not { } innerType
            || DelegatingBaseShape.Decide(type, kind, innerType, model, cancellationToken, out var plan) != DiagnosticProperties.True
            || plan is null)
        {
            return null;
        }

        var typeName = RuntimeImports.ChooseTypeName(root, model, declaration.SpanStart, BaseName(kind), out var addUsing);
        var newDeclaration = Rewrite(plan, typeName, model, cancellationToken);
        if (newDeclaration is null)
        {
            return null;
        }

        var newRoot = (CompilationUnitSyntax)root.ReplaceNode(declaration, newDeclaration);
        if (addUsing)
        {
            newRoot = RuntimeImports.AddSnoopUsing(newRoot);
        }

        var simplified = await Simplifier.ReduceAsync(document.WithSyntaxRoot(newRoot), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var fixedDocument = await FixFormatting.FormatAsync(simplified, cancellationToken).ConfigureAwait(false);
        if (await FixPreconditions.AddsCompileErrorsAsync(model, fixedDocument, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return fixedDocument;
    }

    private static ClassDeclarationSyntax? Rewrite(DelegatingBaseShape.Plan plan, string typeName, SemanticModel model, CancellationToken cancellationToken)
    {
        var declaration = plan.Declaration;

        // Is the wrapped field/property still used by what stays? If not, it goes too, with its assignments.
        var innerStillUsed = false;
        foreach (var identifier in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (plan.Deleted.Any(d => d.Span.Contains(identifier.Span)) || plan.InnerAssignments.Any(a => a.Span.Contains(identifier.Span)))
            {
                continue;
            }

            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is { } symbol && plan.Inner.Contains(symbol) && symbol is not IParameterSymbol
                && !IsBaseRewrite(plan, identifier))
            {
                innerStillUsed = true;
                break;
            }
        }

        var disposesInner = declaration.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
            .Any(a => a.Name.Identifier.ValueText is "Dispose" or "DisposeAsync" or "Close" && DelegatingBaseShape.IsInnerReference(plan, a.Expression, model, cancellationToken));

        var removedNodes = new List<SyntaxNode>(plan.Deleted);
        if (!innerStillUsed)
        {
            foreach (var symbol in plan.Inner)
            {
                if (symbol is IParameterSymbol)
                {
                    continue;
                }

                foreach (var reference in symbol.DeclaringSyntaxReferences)
                {
                    var node = reference.GetSyntax(cancellationToken);
                    if (node is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } })
                    {
                        removedNodes.Add(field);
                    }
                    else if (node is PropertyDeclarationSyntax property)
                    {
                        removedNodes.Add(property);
                    }
                }
            }

            foreach (var assignment in plan.InnerAssignments)
            {
                if (assignment.Parent is ExpressionStatementSyntax statement)
                {
                    removedNodes.Add(statement);
                }
            }
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var pair in plan.Kept)
        {
            var member = pair.Key;
            var rewritten = new BaseCallRewriter(plan, pair.Value, model, cancellationToken).Visit(member) as MemberDeclarationSyntax ?? member;
            if (plan.Kind == DelegatingBaseKind.BodyFeature)
            {
                rewritten = AddOverride(rewritten);
            }

            replacements[member] = rewritten;
        }

        var leaveOpen = plan.Kind == DelegatingBaseKind.Stream && !disposesInner ? ", leaveOpen: true" : string.Empty;
        foreach (var pair in plan.ConstructorArguments)
        {
            // Parsed rather than built, so the tokens carry plain spaces (no elastic trivia for a formatter to expand).
            var parsed = (ConstructorDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("C() : base(" + pair.Value + leaveOpen + ") { }")!;
            replacements[pair.Key] = pair.Key.WithInitializer(parsed.Initializer!.WithLeadingTrivia(SyntaxFactory.Space));
        }

        var newDeclaration = declaration.TrackNodes(removedNodes.Concat(replacements.Keys).Concat(plan.ConstructorArguments.Keys));
        foreach (var pair in replacements)
        {
            var current = newDeclaration.GetCurrentNode(pair.Key);
            if (current is null)
            {
                return null;
            }

            SyntaxNode replacement = pair.Value;
            if (pair.Key is ConstructorDeclarationSyntax constructor && plan.ConstructorArguments.ContainsKey(constructor))
            {
                // Keep the edits made inside the constructor by others (none today), add the base call.
                var currentConstructor = (ConstructorDeclarationSyntax)current;
                var parameterList = currentConstructor.ParameterList;
                currentConstructor = currentConstructor
                    .WithParameterList(parameterList.WithoutTrailingTrivia())
                    .WithInitializer(((ConstructorDeclarationSyntax)pair.Value).Initializer!.WithTrailingTrivia(parameterList.GetTrailingTrivia()));
                if (!innerStillUsed && constructor.ExpressionBody?.Expression is AssignmentExpressionSyntax onlyAssignment && plan.InnerAssignments.Contains(onlyAssignment))
                {
                    // public C(Stream inner) => _inner = inner;  →  public C(Stream inner) : base(inner) { }
                    var emptyBody = ((ConstructorDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("C() { }")!).Body!;
                    currentConstructor = currentConstructor
                        .WithExpressionBody(null)
                        .WithSemicolonToken(default)
                        .WithParameterList(currentConstructor.ParameterList.WithoutTrailingTrivia())
                        .WithInitializer(currentConstructor.Initializer!.WithoutTrailingTrivia())
                        .WithBody(emptyBody.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(constructor.GetTrailingTrivia()));
                }

                replacement = currentConstructor;
            }

            newDeclaration = newDeclaration.ReplaceNode(current, replacement);
        }

        var toRemove = removedNodes.Select(n => newDeclaration.GetCurrentNode(n)).Where(n => n is not null).Cast<SyntaxNode>().ToList();
        newDeclaration = newDeclaration.RemoveNodes(toRemove, SyntaxRemoveOptions.KeepNoTrivia)!;
        if (newDeclaration is null)
        {
            return null;
        }

        foreach (var router in plan.Routers)
        {
            if (SyntaxFactory.ParseMemberDeclaration(router) is { } routerMember)
            {
                newDeclaration = newDeclaration.AddMembers(routerMember.WithLeadingTrivia(SyntaxFactory.EndOfLine("\n")).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
            }
        }

        // The base list: the wrapped type (or the feature interface) becomes the delegating base.
        var index = -1;
        for (var i = 0; i < declaration.BaseList!.Types.Count; i++)
        {
            if (model.GetTypeInfo(declaration.BaseList.Types[i].Type, cancellationToken).Type is { } bound && SymbolEqualityComparer.Default.Equals(bound, plan.InnerType))
            {
                index = i;
                break;
            }
        }

        var baseList = newDeclaration.BaseList;
        if (index < 0 || baseList is null || baseList.Types.Count != declaration.BaseList.Types.Count)
        {
            return null;
        }

        var replaced = baseList.Types[index];

        var delegatingType = SyntaxFactory.ParseTypeName(typeName);
        BaseTypeSyntax newBase = plan.PrimaryParameter is not null
            ? SyntaxFactory.PrimaryConstructorBaseType(delegatingType, SyntaxFactory.ParseArgumentList("(" + plan.PrimaryParameter + leaveOpen + ")"))
            : SyntaxFactory.SimpleBaseType(delegatingType);
        newBase = newBase.WithTriviaFrom(replaced);
        var types = baseList.Types.RemoveAt(index).Insert(0, newBase);
        newDeclaration = newDeclaration.WithBaseList(baseList.WithTypes(types));

        // Only what was generated is formatted (the routers, the base call); the class's own code keeps its layout.
        return newDeclaration;
    }

    private static bool IsBaseRewrite(DelegatingBaseShape.Plan plan, IdentifierNameSyntax identifier)
        => plan.Kept.Any(pair => pair.Key.Span.Contains(identifier.Span)
            && identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier && access.Name.Identifier.ValueText == pair.Value);

    private static MemberDeclarationSyntax AddOverride(MemberDeclarationSyntax member)
    {
        var overrideToken = SyntaxFactory.Token(SyntaxKind.OverrideKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return member switch
        {
            MethodDeclarationSyntax method when !method.Modifiers.Any(SyntaxKind.OverrideKeyword) => method.WithModifiers(InsertAfterAccess(method.Modifiers, overrideToken)),
            PropertyDeclarationSyntax property when !property.Modifiers.Any(SyntaxKind.OverrideKeyword) => property.WithModifiers(InsertAfterAccess(property.Modifiers, overrideToken)),
            _ => member,
        };
    }

    private static SyntaxTokenList InsertAfterAccess(SyntaxTokenList modifiers, SyntaxToken token)
    {
        var index = 0;
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (modifiers[i].IsKind(SyntaxKind.PublicKeyword))
            {
                index = i + 1;
            }
        }

        return modifiers.Insert(index, token);
    }

    /// <summary><c>inner.Member(...)</c> inside the override of <c>Member</c> becomes <c>base.Member(...)</c>.</summary>
    private sealed class BaseCallRewriter : CSharpSyntaxRewriter
    {
        private readonly DelegatingBaseShape.Plan _plan;
        private readonly string _member;
        private readonly SemanticModel _model;
        private readonly CancellationToken _cancellationToken;

        public BaseCallRewriter(DelegatingBaseShape.Plan plan, string member, SemanticModel model, CancellationToken cancellationToken)
        {
            _plan = plan;
            _member = member;
            _model = model;
            _cancellationToken = cancellationToken;
        }

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
        {
            if (node.Name.Identifier.ValueText == _member && DelegatingBaseShape.IsInnerReference(_plan, node.Expression, _model, _cancellationToken))
            {
                return node.WithExpression(SyntaxFactory.BaseExpression().WithTriviaFrom(node.Expression));
            }

            return base.VisitMemberAccessExpression(node);
        }
    }
}
