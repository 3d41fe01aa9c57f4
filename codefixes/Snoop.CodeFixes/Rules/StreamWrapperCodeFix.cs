using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
using Microsoft.CodeAnalysis.Simplification;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// SNOOP003 fix: generates the missing <c>WriteAsync(byte[], int, int, CancellationToken)</c> and
/// <c>FlushAsync(CancellationToken)</c> overrides, running the same statements as the sync override and awaiting
/// the inner stream's async member; <c>BeginWrite</c>/<c>EndWrite</c> over the class's <c>WriteAsync</c>
/// (<c>TaskToAsyncResult</c>); and <c>DisposeAsync</c> from a standard <c>Dispose(bool)</c>. Offered when the analyzer found every missing member translatable (the
/// <c>Fixable</c> property; see <see cref="AsyncBodyTranslator"/>); the bypass case (a concrete base's overload skipping an override) has no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StreamWrapperCodeFix))]
[Shared]
public sealed class StreamWrapperCodeFix : CodeFixProvider
{
    private const string Title = "Generate async overrides that await the inner stream";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.StreamWrapperBlocksAsync);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DelegatingBaseRebase.CreateFixAll(DelegatingBaseKind.Stream, WellKnownFixAllProviders.BatchFixer, AddAsyncMembersAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FixPreconditions.TypeHasErrorsAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // The analyzer decided (every missing member translates); planning happens in the code action.
            if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.FixableKey))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => ApplyAsync(context.Document, diagnostic, ct), equivalenceKey: nameof(StreamWrapperCodeFix)),
                diagnostic);

            // Second action: the same async overrides, then the class re-based on DelegatingStream.
            var properties = diagnostic.Properties;
            await DelegatingBaseRebase.RegisterAsync(
                context,
                diagnostic,
                DelegatingBaseKind.Stream,
                (document, position, ct) => ApplyAsync(document, Diagnostic.Create(diagnostic.Descriptor, Location.Create(diagnostic.Location.SourceTree!, new Microsoft.CodeAnalysis.Text.TextSpan(position, 0)), properties), ct)).ConfigureAwait(false);
        }
    }

    /// <summary>Fix All's preparation for the re-base: the async members the diagnostic at <paramref name="position"/> asks for (found again from the class).</summary>
    private static async Task<Document> AddAsyncMembersAsync(Document document, int position, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null || root is null)
        {
            return document;
        }

        // Missing members: the async counterparts that the class does not declare (PlanAsync checks what is safe).
        var declaration = root.FindToken(position).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        var declared = declaration?.Members.OfType<MethodDeclarationSyntax>().Select(m => m.Identifier.ValueText).ToImmutableHashSet() ?? ImmutableHashSet<string>.Empty;
        var missing = new List<string>();
        foreach (var (member, code) in new[] { ("WriteAsync", DiagnosticProperties.WriteAsyncMember), ("BeginWrite", DiagnosticProperties.BeginWriteMember), ("FlushAsync", DiagnosticProperties.FlushAsyncMember), ("DisposeAsync", DiagnosticProperties.DisposeAsyncMember) })
        {
            if (!declared.Contains(member))
            {
                missing.Add(code);
            }
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.KindKey, DiagnosticProperties.KindAsync).Add(DiagnosticProperties.MembersKey, string.Join(",", missing));
        var descriptor = Descriptors.SNOOP003_WriteBlocks;
        return await ApplyAsync(document, Diagnostic.Create(descriptor, Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(position, 0)), properties), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return document;
        }

        // Members inserted after the same node keep the plan's order (WriteAsync, then BeginWrite/EndWrite).
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var groups = new List<(SyntaxNode After, List<SyntaxNode> Members)>();
        foreach (var insertion in plan)
        {
            var index = groups.FindIndex(group => group.After == insertion.After);
            if (index < 0)
            {
                groups.Add((insertion.After, new List<SyntaxNode> { insertion.Member }));
            }
            else
            {
                groups[index].Members.Add(insertion.Member);
            }
        }

        foreach (var (after, members) in groups)
        {
            editor.InsertAfter(after, members);
        }

        return await AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the <c>using</c> directives the generated type names need, then simplifies them.</summary>
    internal static async Task<Document> AddImportsAsync(Document document, CancellationToken cancellationToken)
    {
        var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var reduced = await Simplifier.ReduceAsync(withImports, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await KeepFileStartAsync(document, reduced, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A file with no using directive (implicit global usings) that needed none: the import adder still leaves a blank
    /// line at the top of the file; put the file's own start back.
    /// </summary>
    private static async Task<Document> KeepFileStartAsync(Document before, Document after, CancellationToken cancellationToken)
    {
        if (await before.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax { Usings.Count: 0 } oldRoot
            || await after.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax { Usings.Count: 0 } newRoot)
        {
            return after;
        }

        var oldFirst = oldRoot.GetFirstToken(includeZeroWidth: true);
        var newFirst = newRoot.GetFirstToken(includeZeroWidth: true);
        if (!oldFirst.IsKind(newFirst.Kind()) || oldFirst.LeadingTrivia.ToFullString() == newFirst.LeadingTrivia.ToFullString())
        {
            return after;
        }

        return after.WithSyntaxRoot(newRoot.ReplaceToken(newFirst, newFirst.WithLeadingTrivia(oldFirst.LeadingTrivia)));
    }

    /// <summary>The members to insert, or null when a missing member cannot be generated safely.</summary>
    private static async Task<List<Insertion>?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.MembersKey, out var membersValue) || string.IsNullOrEmpty(membersValue))
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
        if (declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }

        var members = StreamMembers.Create(KnownTypes.Create(model.Compilation));
        var task = model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        var cancellationTokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        if (members is null || task is null || cancellationTokenType is null)
        {
            return null;
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var insertions = new List<Insertion>(4);
        var codes = membersValue!.Split(',');
        foreach (var member in codes)
        {
            if (member == DiagnosticProperties.DisposeAsyncMember)
            {
                // Generated when Dispose(bool) has the standard shape; it never blocks the fix of the others (the class
                // is then reported again for DisposeAsync alone, without a fix).
                var disposeAsync = PlanDisposeAsync(declaration, type, members, model, generator, cancellationToken);
                if (disposeAsync is not null)
                {
                    insertions.Add(disposeAsync);
                }

                continue;
            }

            if (member == DiagnosticProperties.BeginWriteMember)
            {
                // Generated where TaskToAsyncResult exists (.NET 8+); as DisposeAsync, it never blocks the others.
                var apm = PlanBeginWrite(declaration, type, members, model, generator, cancellationToken);
                if (apm is not null)
                {
                    insertions.AddRange(apm);
                }

                continue;
            }

            Insertion? insertion = member switch
            {
                DiagnosticProperties.WriteAsyncMember => PlanWriteAsync(declaration, type, members, task, cancellationTokenType, model, generator, cancellationToken),
                DiagnosticProperties.FlushAsyncMember => PlanFlushAsync(declaration, type, members, task, cancellationTokenType, model, generator, cancellationToken),
                _ => null,
            };
            if (insertion is null)
            {
                return null;
            }

            insertions.Add(insertion);
        }

        return insertions.Count == 0 ? null : insertions;
    }

    private static Insertion? PlanWriteAsync(TypeDeclarationSyntax declaration, INamedTypeSymbol type, StreamMembers members, INamedTypeSymbol task, INamedTypeSymbol cancellationTokenType, SemanticModel model, SyntaxGenerator generator, CancellationToken cancellationToken)
    {
        var stream = members.Stream;
        var slot = members.WriteArray;
        var sync = FindOverrideDeclaration(declaration, type, slot, cancellationToken);
        if (slot is null || sync is null || sync.ParameterList.Parameters.Count != 3)
        {
            return null;
        }

        var parameterNames = new string[3];
        for (var i = 0; i < 3; i++)
        {
            var parameter = sync.ParameterList.Parameters[i];
            if (parameter.Modifiers.Count > 0)
            {
                return null;
            }

            parameterNames[i] = parameter.Identifier.ValueText;
        }

        var translator = new AsyncBodyTranslator(model, stream, slot, "WriteAsync", "cancellationToken", cancellationToken);
        var statements = translator.Translate(sync, arguments => AsyncBodyTranslator.SameArgumentsPlusToken(arguments, parameterNames), out var onlyForwards);
        if (statements is null)
        {
            return null;
        }

        var parameters = sync.ParameterList.AddParameters(
            SyntaxFactory.Parameter(SyntaxFactory.Identifier("cancellationToken")).WithType(TypeName(generator, cancellationTokenType)));
        return new Insertion(sync, BuildOverride("WriteAsync", TypeName(generator, task), parameters, statements, onlyForwards));
    }

    private static Insertion? PlanFlushAsync(TypeDeclarationSyntax declaration, INamedTypeSymbol type, StreamMembers members, INamedTypeSymbol task, INamedTypeSymbol cancellationTokenType, SemanticModel model, SyntaxGenerator generator, CancellationToken cancellationToken)
    {
        var stream = members.Stream;
        var slot = members.Flush;
        var sync = FindOverrideDeclaration(declaration, type, slot, cancellationToken);
        if (slot is null || sync is null)
        {
            return null;
        }

        var translator = new AsyncBodyTranslator(model, stream, slot, "FlushAsync", "cancellationToken", cancellationToken);
        var statements = translator.Translate(
            sync,
            arguments => arguments.Arguments.Count == 0 ? AsyncBodyTranslator.TokenOnly() : null,
            out var onlyForwards);
        if (statements is null)
        {
            return null;
        }

        var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Parameter(SyntaxFactory.Identifier("cancellationToken")).WithType(TypeName(generator, cancellationTokenType))));
        return new Insertion(sync, BuildOverride("FlushAsync", TypeName(generator, task), parameters, statements, onlyForwards));
    }

    /// <summary>
    /// <c>BeginWrite</c>/<c>EndWrite</c> over the class's own <c>WriteAsync</c> (the generated or the existing override):
    /// <c>TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state)</c> and <c>TaskToAsyncResult.End</c>,
    /// inserted after the <c>WriteAsync(byte[], ...)</c> override the class declares, else after the sync <c>Write</c>.
    /// </summary>
    private static List<Insertion>? PlanBeginWrite(TypeDeclarationSyntax declaration, INamedTypeSymbol type, StreamMembers members, SemanticModel model, SyntaxGenerator generator, CancellationToken cancellationToken)
    {
        var sync = FindOverrideDeclaration(declaration, type, members.WriteArray, cancellationToken);
        var taskToAsyncResult = model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskToAsyncResult");
        var asyncResult = model.Compilation.GetTypeByMetadataName("System.IAsyncResult");
        var asyncCallback = model.Compilation.GetTypeByMetadataName("System.AsyncCallback");
        if (sync is null || sync.ParameterList.Parameters.Count != 3 || taskToAsyncResult is null || asyncResult is null || asyncCallback is null
            || !type.GetMembers("BeginWrite").IsEmpty || !type.GetMembers("EndWrite").IsEmpty)
        {
            return null;
        }

        var names = new string[3];
        for (var i = 0; i < 3; i++)
        {
            names[i] = sync.ParameterList.Parameters[i].Identifier.ValueText;
            if (names[i] is "callback" or "state")
            {
                return null;
            }
        }

        var after = (SyntaxNode?)FindOverrideDeclaration(declaration, type, members.WriteAsyncArray, cancellationToken) ?? sync;
        var annotations = model.GetNullableContext(after.SpanStart).AnnotationsEnabled();
        TypeSyntax Nullable(TypeSyntax typeSyntax) => annotations ? SyntaxFactory.NullableType(typeSyntax) : typeSyntax;

        var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[]
        {
            SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[0])).WithType(SyntaxFactory.ParseTypeName("byte[]")),
            SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[1])).WithType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword))),
            SyntaxFactory.Parameter(SyntaxFactory.Identifier(names[2])).WithType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword))),
            SyntaxFactory.Parameter(SyntaxFactory.Identifier("callback")).WithType(Nullable(TypeName(generator, asyncCallback))),
            SyntaxFactory.Parameter(SyntaxFactory.Identifier("state")).WithType(Nullable(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.ObjectKeyword)))),
        }));
        var writeAsync = SyntaxFactory.InvocationExpression(
            SyntaxFactory.IdentifierName("WriteAsync"),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(SyntaxFactory.IdentifierName(names[0])),
                SyntaxFactory.Argument(SyntaxFactory.IdentifierName(names[1])),
                SyntaxFactory.Argument(SyntaxFactory.IdentifierName(names[2])),
            })));
        var begin = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName(generator, taskToAsyncResult), SyntaxFactory.IdentifierName("Begin")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(writeAsync),
                SyntaxFactory.Argument(SyntaxFactory.IdentifierName("callback")),
                SyntaxFactory.Argument(SyntaxFactory.IdentifierName("state")),
            })));
        var beginWrite = SyntaxFactory.MethodDeclaration(TypeName(generator, asyncResult), SyntaxFactory.Identifier("BeginWrite"))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.OverrideKeyword)))
            .WithParameterList(parameters)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(begin))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
            .WithAdditionalAnnotations(Formatter.Annotation);

        var end = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName(generator, taskToAsyncResult), SyntaxFactory.IdentifierName("End")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName("asyncResult")))));
        var endWrite = SyntaxFactory.MethodDeclaration(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)), SyntaxFactory.Identifier("EndWrite"))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.OverrideKeyword)))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Parameter(SyntaxFactory.Identifier("asyncResult")).WithType(TypeName(generator, asyncResult)))))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(end))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
            .WithAdditionalAnnotations(Formatter.Annotation);

        return new List<Insertion> { new(after, beginWrite), new(after, endWrite) };
    }

    /// <summary>
    /// The standard async dispose pattern built from <c>Dispose(bool)</c> (see <see cref="StreamDisposeAsyncShape"/>):
    /// <c>public override async ValueTask DisposeAsync() { ...; await inner.DisposeAsync(); Dispose(false); GC.SuppressFinalize(this); }</c>.
    /// </summary>
    private static Insertion? PlanDisposeAsync(TypeDeclarationSyntax declaration, INamedTypeSymbol type, StreamMembers members, SemanticModel model, SyntaxGenerator generator, CancellationToken cancellationToken)
    {
        var sync = FindOverrideDeclaration(declaration, type, members.DisposeBool, cancellationToken);
        var valueTask = model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        var gc = model.Compilation.GetTypeByMetadataName("System.GC");
        var body = StreamDisposeAsyncShape.Translate(sync, type, members, model, cancellationToken);
        if (sync is null || body is null || valueTask is null || gc is null)
        {
            return null;
        }

        body.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
            SyntaxFactory.IdentifierName("Dispose"),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))))));
        body.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName(generator, gc), SyntaxFactory.IdentifierName("SuppressFinalize")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ThisExpression()))))));
        var method = BuildOverride("DisposeAsync", TypeName(generator, valueTask), SyntaxFactory.ParameterList(), body, onlyForwards: false);
        return new Insertion(sync, method);
    }

    /// <summary>A fully qualified type name that the cleanup shortens and imports.</summary>
    internal static TypeSyntax TypeName(SyntaxGenerator generator, ITypeSymbol type)
        => ((TypeSyntax)generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>
    /// <c>public override async Task Name(...) { statements }</c>, or <c>public override Task Name(...) =&gt; inner.NameAsync(...);</c>
    /// when the body only forwards.
    /// </summary>
    internal static MethodDeclarationSyntax BuildOverride(string name, TypeSyntax returnType, ParameterListSyntax parameters, List<StatementSyntax> statements, bool onlyForwards)
    {
        var method = SyntaxFactory.MethodDeclaration(returnType, SyntaxFactory.Identifier(name)).WithParameterList(parameters);
        var call = onlyForwards ? AsyncBodyTranslator.GetAwaitedCall(statements[0]) : null;
        if (call is not null)
        {
            method = method
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.OverrideKeyword)))
                .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(call.WithoutTrivia()))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        }
        else
        {
            method = method
                .WithModifiers(SyntaxFactory.TokenList(
                    SyntaxFactory.Token(SyntaxKind.PublicKeyword),
                    SyntaxFactory.Token(SyntaxKind.OverrideKeyword),
                    SyntaxFactory.Token(SyntaxKind.AsyncKeyword)))
                .WithBody(SyntaxFactory.Block(statements));
        }

        return method.WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>The declaration, inside <paramref name="declaration"/>, of the override of <paramref name="slot"/> that <paramref name="type"/> declares.</summary>
    internal static MethodDeclarationSyntax? FindOverrideDeclaration(TypeDeclarationSyntax declaration, INamedTypeSymbol type, IMethodSymbol? slot, CancellationToken cancellationToken)
    {
        if (slot is null)
        {
            return null;
        }

        foreach (var member in type.GetMembers(slot.Name))
        {
            if (member is not IMethodSymbol { IsOverride: true } method || !SymbolEqualityComparer.Default.Equals(SymbolFacts.Root(method), slot))
            {
                continue;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == declaration.SyntaxTree
                    && declaration.Span.Contains(reference.Span)
                    && reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax
                    && syntax.Parent == declaration)
                {
                    return syntax;
                }
            }
        }

        return null;
    }

    private sealed class Insertion
    {
        public Insertion(SyntaxNode after, SyntaxNode member)
        {
            After = after;
            Member = member;
        }

        public SyntaxNode After { get; }

        public SyntaxNode Member { get; }
    }
}
