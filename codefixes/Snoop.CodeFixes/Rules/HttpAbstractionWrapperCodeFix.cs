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
using Microsoft.CodeAnalysis.Simplification;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;

namespace Snoop.CodeFixes.Rules;

/// <summary>SNOOP005: generates forwarding overrides (<c>public override PipeWriter BodyWriter =&gt; _inner.BodyWriter;</c>) for the members a wrapper left to a base that throws or ignores the wrapped instance.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpAbstractionWrapperCodeFix)), Shared]
public sealed class HttpAbstractionWrapperCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = RuleIdentifiers.HttpAbstractionWrapperHidesMembers + ".Forward";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HttpAbstractionWrapperHidesMembers);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DefaultKeyFixAll.Wrap(WellKnownFixAllProviders.BatchFixer);

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

            if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.FixableKey)
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.InnerKey, out var inner) || string.IsNullOrEmpty(inner)
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.MembersKey, out var members) || string.IsNullOrEmpty(members))
            {
                continue;
            }

            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (token.Parent is not ClassDeclarationSyntax declaration || declaration.Identifier != token)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Forward " + members!.Replace(",", ", ") + " to the wrapped instance",
                    ct => AddOverridesAsync(document, declaration, inner!, members.Split(','), ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> AddOverridesAsync(Document document, ClassDeclarationSyntax declaration, string inner, string[] members, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type)
        {
            return document;
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var types = new TypeNames(generator, model, declaration.SpanStart);
        var (indentation, endOfLine) = MemberTrivia(declaration);
        var added = new List<MemberDeclarationSyntax>();
        foreach (var name in members)
        {
            var baseMember = FindVirtualMember(type, name);
            var generated = baseMember switch
            {
                IPropertySymbol property => ForwardProperty(types, property, inner),
                IMethodSymbol method => ForwardMethod(types, method, inner),
                _ => null,
            };
            if (generated is not null)
            {
                // Explicit (not elastic) line trivia: the members follow the class's own layout, without inserted blank lines.
                added.Add(generated
                    .WithLeadingTrivia(indentation)
                    .WithTrailingTrivia(endOfLine)
                    .WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        if (added.Count == 0)
        {
            return document;
        }

        var newRoot = root.ReplaceNode(declaration, declaration.AddMembers(added.ToArray()));
        if (newRoot is CompilationUnitSyntax unit)
        {
            foreach (var ns in types.MissingNamespaces)
            {
                unit = AddUsing(unit, ns);
            }

            newRoot = unit;
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>Inserts <c>using ns;</c> keeping a System-first alphabetical list sorted (appends when the list is not sorted).</summary>
    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit, string ns)
    {
        var usings = unit.Usings;
        var name = SyntaxFactory.ParseName(ns);
        var directive = SyntaxFactory.UsingDirective(name.WithLeadingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(usings.Count > 0 ? usings[usings.Count - 1].GetTrailingTrivia() : SyntaxFactory.TriviaList(FileEndOfLine(unit)));
        var index = usings.Count;
        for (var i = 0; i < usings.Count; i++)
        {
            if (usings[i].Alias is null && usings[i].StaticKeyword.IsKind(SyntaxKind.None) && usings[i].GlobalKeyword.IsKind(SyntaxKind.None)
                && usings[i].Name is { } existing && CompareNamespaces(existing.ToString(), ns) > 0)
            {
                index = i;
                break;
            }
        }

        if (index == 0 && usings.Count > 0)
        {
            // Keep directives and comments above the first using where they were.
            var first = usings[0];
            directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
            usings = usings.Replace(first, first.WithLeadingTrivia());
        }

        return unit.WithUsings(usings.Insert(index, directive));
    }

    /// <summary>The file's own line ending (no CRLF in an LF file when the usings sit inside a file-scoped namespace).</summary>
    private static SyntaxTrivia FileEndOfLine(CompilationUnitSyntax unit)
    {
        foreach (var trivia in unit.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.CarriageReturnLineFeed;
    }

    private static int CompareNamespaces(string left, string right)
    {
        var leftSystem = left == "System" || left.StartsWith("System.", System.StringComparison.Ordinal);
        var rightSystem = right == "System" || right.StartsWith("System.", System.StringComparison.Ordinal);
        if (leftSystem != rightSystem)
        {
            return leftSystem ? -1 : 1;
        }

        return string.CompareOrdinal(left, right);
    }

    /// <summary>Type names for generated code: the simple name when it binds to the type at the class (adding a using when needed), else fully qualified.</summary>
    private sealed class TypeNames
    {
        private readonly SyntaxGenerator _generator;
        private readonly SemanticModel _model;
        private readonly int _position;

        public TypeNames(SyntaxGenerator generator, SemanticModel model, int position)
        {
            _generator = generator;
            _model = model;
            _position = position;
        }

        public List<string> MissingNamespaces { get; } = new();

        public TypeSyntax Get(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { IsGenericType: false, ContainingType: null, ContainingNamespace: { IsGlobalNamespace: false } ns } named
                && type.SpecialType == SpecialType.None)
            {
                var inScope = false;
                var conflict = false;
                foreach (var symbol in _model.LookupNamespacesAndTypes(_position, name: named.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(symbol, named))
                    {
                        inScope = true;
                    }
                    else
                    {
                        conflict = true;
                    }
                }

                if (inScope && !conflict)
                {
                    return SyntaxFactory.IdentifierName(named.Name);
                }

                if (!inScope && !conflict)
                {
                    var nsName = ns.ToDisplayString();
                    if (!MissingNamespaces.Contains(nsName))
                    {
                        MissingNamespaces.Add(nsName);
                    }

                    return SyntaxFactory.IdentifierName(named.Name);
                }
            }

            return ((TypeSyntax)_generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation);
        }
    }

    /// <summary>The indentation and line ending of the class's last member (or sensible defaults).</summary>
    private static (SyntaxTriviaList Indentation, SyntaxTriviaList EndOfLine) MemberTrivia(ClassDeclarationSyntax declaration)
    {
        var indentation = SyntaxFactory.TriviaList(SyntaxFactory.Whitespace("    "));
        var endOfLine = SyntaxFactory.TriviaList(SyntaxFactory.CarriageReturnLineFeed);
        if (declaration.Members.Count == 0)
        {
            return (indentation, endOfLine);
        }

        var last = declaration.Members[declaration.Members.Count - 1];
        var leading = last.GetLeadingTrivia();
        if (leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            indentation = SyntaxFactory.TriviaList(leading[leading.Count - 1]);
        }

        foreach (var trivia in last.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                endOfLine = SyntaxFactory.TriviaList(trivia);
                break;
            }
        }

        return (indentation, endOfLine);
    }

    /// <summary>The virtual (non-override) member of that name that the type inherits.</summary>
    private static ISymbol? FindVirtualMember(INamedTypeSymbol type, string name)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member.IsVirtual && !member.IsAbstract && !member.IsOverride && !member.IsStatic)
                {
                    return member;
                }
            }
        }

        return null;
    }

    private static SyntaxTokenList Modifiers(ISymbol member)
    {
        var accessibility = member.DeclaredAccessibility == Accessibility.Protected ? SyntaxKind.ProtectedKeyword : SyntaxKind.PublicKeyword;
        return SyntaxFactory.TokenList(SyntaxFactory.Token(accessibility), SyntaxFactory.Token(SyntaxKind.OverrideKeyword));
    }

    private static MemberAccessExpressionSyntax InnerMember(string inner, string member)
        => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(inner), SyntaxFactory.IdentifierName(member));

    private static MemberDeclarationSyntax ForwardProperty(TypeNames types, IPropertySymbol property, string inner)
    {
        var type = types.Get(property.Type);
        var declaration = SyntaxFactory.PropertyDeclaration(type, property.Name).WithModifiers(Modifiers(property));
        var forwarded = InnerMember(inner, property.Name);
        if (property.SetMethod is null)
        {
            return declaration
                .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(forwarded))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        }

        var getter = SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(forwarded))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        var setter = SyntaxFactory.AccessorDeclaration(SyntaxKind.SetAccessorDeclaration)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(
                SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, forwarded, SyntaxFactory.IdentifierName("value"))))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        return declaration.WithAccessorList(SyntaxFactory.AccessorList(SyntaxFactory.List(new[] { getter, setter })));
    }

    private static MemberDeclarationSyntax ForwardMethod(TypeNames types, IMethodSymbol method, string inner)
    {
        var parameters = new List<ParameterSyntax>();
        var arguments = new List<ArgumentSyntax>();
        foreach (var parameter in method.Parameters)
        {
            var syntax = SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameter.Name))
                .WithType(types.Get(parameter.Type));
            if (parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is null)
            {
                syntax = syntax.WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression, SyntaxFactory.Token(SyntaxKind.DefaultKeyword))));
            }

            parameters.Add(syntax);
            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(parameter.Name)));
        }

        var call = SyntaxFactory.InvocationExpression(InnerMember(inner, method.Name), SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
        return SyntaxFactory.MethodDeclaration(types.Get(method.ReturnType), method.Name)
            .WithModifiers(Modifiers(method))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters)))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(call))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
    }
}
