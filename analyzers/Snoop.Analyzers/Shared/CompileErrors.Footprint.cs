using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The precondition every fixer checks, in one place: a fix is offered despite compiler errors when none of them can be
/// changed by the rewrite, so that the fixed code has exactly the errors the code had (the guarantee the fuzzer checks).
/// An error blocks the fix when
/// <list type="bullet">
/// <item>the file has a syntax error (the parse, and so every node the rewrite sees, may not be what the user meant);</item>
/// <item>it lies in a node the fix removes, rewrites, copies or moves (<c>rewritten</c>);</item>
/// <item>the smallest statement, parameter, attribute, base type or member holding it names a symbol the rewrite relies on
/// (the buffer, the kept original, the wrapper's inner field...): its meaning could change with the rewrite;</item>
/// <item>it is an unresolved name that a namespace the fix imports would resolve (a new <c>using</c> changes its meaning);</item>
/// <item>in a function the fix rewrites: it is a scope or flow error (the rewrite moves statements between blocks), or an
/// unresolved name that is declared as a local of the function; or the function is a lambda (its body's errors take part
/// in the overload resolution of the call that receives it);</item>
/// <item>in a type the fix rewrites: it is outside every member (base list, type attributes), or in a constructor, an
/// override, an interface implementation or a member named like one of the base types' or interfaces' members (the
/// members generated, overridden, forwarded or deleted).</item>
/// </list>
/// Errors anywhere else (another method, a field of an unrelated unresolved type, an attribute from a missing using) are
/// left as they are, and the fix is offered.
/// </summary>
internal static partial class CompileErrors
{
    /// <summary>Scope and flow errors: their meaning depends on the blocks the statements sit in.</summary>
    private static readonly ImmutableHashSet<string> s_scopeSensitive = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "CS0128", // local already defined in this scope
        "CS0136", // local would give a different meaning to a name in an enclosing scope
        "CS0841", // local used before it is declared
        "CS0165", // use of an unassigned local
        "CS0161", // not all code paths return a value
        "CS0177", // out parameter not assigned
        "CS0157", // control cannot leave a finally
        "CS1628", // ref/out/in parameter used in a lambda
        "CS4013"); // ref struct in an async method

    /// <summary>Unresolved names: a new import, or a local moved to an enclosing block, can resolve them.</summary>
    private static readonly ImmutableHashSet<string> s_unresolvedName = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "CS0246", // type or namespace not found
        "CS0103", // name does not exist in the current context
        "CS1061", // no member or extension method named so
        "CS0234", // type or namespace not found in a namespace
        "CS1935"); // query pattern not found

    /// <summary>
    /// True when an error blocks a rewrite of the function holding <paramref name="anchor"/> (see the class summary):
    /// <paramref name="rewritten"/> are the nodes the fix removes or rewrites, <paramref name="reliedOnNames"/> the names
    /// of the symbols it relies on, <paramref name="importedNamespaces"/> the namespaces it may add a <c>using</c> for.
    /// </summary>
    public static bool BlockFunctionFix(
        SemanticModel model,
        SyntaxNode anchor,
        IEnumerable<SyntaxNode> rewritten,
        IEnumerable<string> reliedOnNames,
        IEnumerable<string> importedNamespaces,
        CancellationToken cancellationToken)
    {
        var spans = new List<TextSpan>();
        foreach (var node in rewritten)
        {
            spans.Add(node.Span);
        }

        return BlockFunctionFix(model, anchor, spans, reliedOnNames, importedNamespaces, cancellationToken);
    }

    /// <summary><see cref="BlockFunctionFix(SemanticModel, SyntaxNode, IEnumerable{SyntaxNode}, IEnumerable{string}, IEnumerable{string}, CancellationToken)"/> with the rewritten code given as spans.</summary>
    public static bool BlockFunctionFix(
        SemanticModel model,
        SyntaxNode anchor,
        List<TextSpan> spans,
        IEnumerable<string> reliedOnNames,
        IEnumerable<string> importedNamespaces,
        CancellationToken cancellationToken)
    {
        var function = EnclosingFunction(anchor);
        if (function is AnonymousFunctionExpressionSyntax && In(model, function, cancellationToken))
        {
            return true;
        }

        var names = new HashSet<string>(reliedOnNames, StringComparer.Ordinal);
        HashSet<string>? locals = null;
        return Blocks(model, importedNamespaces, cancellationToken, (diagnostic, node) =>
        {
            if (!function.Span.IntersectsWith(diagnostic.Location.SourceSpan))
            {
                return false;
            }

            if (s_scopeSensitive.Contains(diagnostic.Id) || Intersects(spans, diagnostic.Location.SourceSpan) || Mentions(Unit(node), names))
            {
                return true;
            }

            locals ??= DeclaredLocals(function);
            return s_unresolvedName.Contains(diagnostic.Id) && UnresolvedName(node) is { } name && locals.Contains(name);
        });
    }

    /// <summary>
    /// True when an error blocks a rewrite of the type declared at <paramref name="span"/> (see the class summary):
    /// <paramref name="reliedOnNames"/> are the names of the members holding the wrapped instance (more are added: the
    /// fields and properties of the type the class wraps, and error-typed ones used by overrides), <paramref name="importedNamespaces"/>
    /// the namespaces the fix may add a <c>using</c> for. Also true when <paramref name="span"/> is not in a type.
    /// </summary>
    public static bool BlockTypeFix(
        SemanticModel model,
        TextSpan span,
        IEnumerable<string> reliedOnNames,
        IEnumerable<string> importedNamespaces,
        CancellationToken cancellationToken)
    {
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        if (!root.FullSpan.Contains(span))
        {
            return true;
        }

        var found = root.FindNode(span);
        if (found.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration)
        {
            // Top-level statements (an install site): the statement is what the fix rewrites.
            var statement = found.FirstAncestorOrSelf<StatementSyntax>(s => s is not BlockSyntax) ?? found;
            return BlockFunctionFix(model, found, new[] { statement }, NamesIn(statement), importedNamespaces, cancellationToken);
        }

        if (model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type)
        {
            return true;
        }

        // Every part of a partial class, in this file (other files: their errors are checked as a whole).
        var parts = new List<SyntaxNode>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var part = reference.GetSyntax(cancellationToken);
            if (part.SyntaxTree == model.SyntaxTree)
            {
                parts.Add(part);
            }
            else if (In(model.Compilation.GetSemanticModel(part.SyntaxTree), part, cancellationToken))
            {
                return true;
            }
        }

        var contractNames = ContractMemberNames(type);
        var names = new HashSet<string>(reliedOnNames, StringComparer.Ordinal);
        AddWrappedHolders(type, parts, names);
        return Blocks(model, importedNamespaces, cancellationToken, (diagnostic, node) =>
        {
            var errorSpan = diagnostic.Location.SourceSpan;
            var part = parts.Find(p => p.Span.IntersectsWith(errorSpan));
            if (part is null)
            {
                return false;
            }

            // The member of this part holding the error; none: the type's header (base list, attributes, primary constructor).
            MemberDeclarationSyntax? member = null;
            for (var current = node; current is not null && current != part; current = current.Parent)
            {
                if (current is MemberDeclarationSyntax candidate && candidate.Parent == part)
                {
                    member = candidate;
                    break;
                }
            }

            return member switch
            {
                null => true,
                BaseTypeDeclarationSyntax or DelegateDeclarationSyntax => false,
                _ => IsContractMember(member, contractNames) || Mentions(Unit(node), names),
            };
        });
    }

    /// <summary>True when the file has any compiler error (syntax or semantic).</summary>
    public static bool InFile(SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in model.GetDiagnostics(null, cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For a fix that rewrites everything from <paramref name="statement"/> on: the span from its start to the end of the
    /// function holding it.
    /// </summary>
    public static TextSpan FromHereToTheEnd(SyntaxNode statement)
    {
        var function = EnclosingFunction(statement);
        return TextSpan.FromBounds(statement.SpanStart, Math.Max(statement.SpanStart, function.Span.End));
    }

    /// <summary>
    /// For a fix that rewrites everything from <paramref name="from"/> to the end of its function and relies on the names
    /// in the statement <paramref name="named"/> (the swap: its original, buffer, context...):
    /// <see cref="BlockFunctionFix(SemanticModel, SyntaxNode, List{TextSpan}, IEnumerable{string}, IEnumerable{string}, CancellationToken)"/>.
    /// </summary>
    public static bool BlockRewriteFrom(SemanticModel model, SyntaxNode from, SyntaxNode named, IEnumerable<string> importedNamespaces, CancellationToken cancellationToken)
    {
        var start = from.FirstAncestorOrSelf<StatementSyntax>(s => s is not BlockSyntax) ?? from;
        var statement = named.FirstAncestorOrSelf<StatementSyntax>(s => s is not BlockSyntax) ?? named;
        return BlockFunctionFix(model, from, new List<TextSpan> { FromHereToTheEnd(start) }, NamesIn(statement), importedNamespaces, cancellationToken);
    }

    /// <summary>The identifiers of <paramref name="node"/> (what a statement the fix rewrites names).</summary>
    public static IEnumerable<string> NamesIn(SyntaxNode node)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                yield return token.ValueText;
            }
        }
    }

    /// <summary>Walks the file's errors; a syntax error or an unresolved name an import would resolve blocks outright.</summary>
    private static bool Blocks(SemanticModel model, IEnumerable<string> importedNamespaces, CancellationToken cancellationToken, Func<Diagnostic, SyntaxNode, bool> blocks)
    {
        foreach (var diagnostic in model.SyntaxTree.GetDiagnostics(cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        var root = model.SyntaxTree.GetRoot(cancellationToken);
        List<INamespaceSymbol>? namespaces = null;
        foreach (var diagnostic in model.GetDiagnostics(null, cancellationToken))
        {
            if (diagnostic.Severity != DiagnosticSeverity.Error)
            {
                continue;
            }

            if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != model.SyntaxTree)
            {
                return true;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (s_unresolvedName.Contains(diagnostic.Id))
            {
                namespaces ??= FindNamespaces(model.Compilation, importedNamespaces);
                if (UnresolvedName(node) is not { } name || ResolvesIn(namespaces, name))
                {
                    return true;
                }
            }

            if (blocks(diagnostic, node))
            {
                return true;
            }
        }

        return false;
    }

    private static SyntaxNode EnclosingFunction(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
            {
                return ancestor;
            }
        }

        return node;
    }

    private static bool Intersects(List<TextSpan> spans, TextSpan span)
    {
        foreach (var candidate in spans)
        {
            if (candidate.IntersectsWith(span) || (span.IsEmpty && candidate.Contains(span.Start)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The smallest piece of code an error belongs to: a statement, parameter, attribute, base type, or member.</summary>
    internal static SyntaxNode Unit(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case BlockSyntax:
                    continue;
                case StatementSyntax or ParameterSyntax or AttributeSyntax or BaseTypeSyntax or TypeParameterConstraintClauseSyntax
                    or MemberDeclarationSyntax or UsingDirectiveSyntax:
                    return ancestor;
            }
        }

        return node;
    }

    /// <summary>True when <paramref name="node"/> has an identifier spelled like one of <paramref name="names"/>.</summary>
    internal static bool Mentions(SyntaxNode node, HashSet<string> names)
    {
        if (names.Count == 0)
        {
            return false;
        }

        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name an unresolved-name error is about (the simple name at its location); null when there is none.</summary>
    private static string? UnresolvedName(SyntaxNode node)
    {
        switch (node)
        {
            case SimpleNameSyntax simple:
                return simple.Identifier.ValueText;
            case MemberAccessExpressionSyntax access:
                return access.Name.Identifier.ValueText;
            case QualifiedNameSyntax qualified:
                return qualified.Right.Identifier.ValueText;
        }

        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                return token.ValueText;
            }
        }

        return null;
    }

    private static List<INamespaceSymbol> FindNamespaces(Compilation compilation, IEnumerable<string> names)
    {
        var found = new List<INamespaceSymbol>();
        foreach (var name in names)
        {
            INamespaceSymbol? current = compilation.GlobalNamespace;
            foreach (var segment in name.Split('.'))
            {
                current = FirstNamespace(current, segment);
                if (current is null)
                {
                    break;
                }
            }

            if (current is not null)
            {
                found.Add(current);
            }
        }

        return found;
    }

    private static INamespaceSymbol? FirstNamespace(INamespaceSymbol parent, string name)
    {
        foreach (var member in parent.GetMembers(name))
        {
            if (member is INamespaceSymbol ns)
            {
                return ns;
            }
        }

        return null;
    }

    /// <summary>A type of that name (or its attribute class), or a member of a static class (an extension method) of that name.</summary>
    private static bool ResolvesIn(List<INamespaceSymbol> namespaces, string name)
    {
        foreach (var ns in namespaces)
        {
            if (!ns.GetTypeMembers(name).IsEmpty || !ns.GetTypeMembers(name + "Attribute").IsEmpty)
            {
                return true;
            }

            foreach (var type in ns.GetTypeMembers())
            {
                if (type.IsStatic && System.Linq.Enumerable.Contains(type.MemberNames, name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static HashSet<string> DeclaredLocals(SyntaxNode function)
    {
        var locals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in function.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax declarator:
                    locals.Add(declarator.Identifier.ValueText);
                    break;
                case SingleVariableDesignationSyntax designation:
                    locals.Add(designation.Identifier.ValueText);
                    break;
                case ForEachStatementSyntax forEach:
                    locals.Add(forEach.Identifier.ValueText);
                    break;
                case CatchDeclarationSyntax { Identifier.RawKind: not 0 } catchDeclaration:
                    locals.Add(catchDeclaration.Identifier.ValueText);
                    break;
                case LocalFunctionStatementSyntax localFunction:
                    locals.Add(localFunction.Identifier.ValueText);
                    break;
            }
        }

        return locals;
    }

    /// <summary>The member names of the base types and interfaces: a member named so is generated, overridden or forwarded.</summary>
    private static HashSet<string> ContractMemberNames(INamedTypeSymbol type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            names.UnionWith(current.MemberNames);
        }

        foreach (var contract in type.AllInterfaces)
        {
            names.UnionWith(contract.MemberNames);
        }

        return names;
    }

    private static bool IsContractMember(MemberDeclarationSyntax member, HashSet<string> contractNames)
    {
        if (member is ConstructorDeclarationSyntax or DestructorDeclarationSyntax or IndexerDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax)
        {
            return true;
        }

        foreach (var modifier in member.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.OverrideKeyword) || modifier.IsKind(SyntaxKind.NewKeyword))
            {
                return true;
            }
        }

        switch (member)
        {
            case MethodDeclarationSyntax method:
                return method.ExplicitInterfaceSpecifier is not null || contractNames.Contains(method.Identifier.ValueText);
            case BasePropertyDeclarationSyntax property:
                return property.ExplicitInterfaceSpecifier is not null
                    || (property is PropertyDeclarationSyntax named && contractNames.Contains(named.Identifier.ValueText))
                    || (property is EventDeclarationSyntax namedEvent && contractNames.Contains(namedEvent.Identifier.ValueText));
            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (contractNames.Contains(variable.Identifier.ValueText))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// The holders of the wrapped instance: fields, properties and primary-constructor parameters typed as the class's base
    /// (other than <c>object</c>) or one of its interfaces, and error-typed ones named in an override (perhaps the inner).
    /// </summary>
    private static void AddWrappedHolders(INamedTypeSymbol type, List<SyntaxNode> parts, HashSet<string> names)
    {
        var overrideText = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (part is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var member in declaration.Members)
            {
                if (member.Modifiers.Any(SyntaxKind.OverrideKeyword) || member is ConstructorDeclarationSyntax)
                {
                    foreach (var token in member.DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            overrideText.Add(token.ValueText);
                        }
                    }
                }
            }

            if (declaration.ParameterList is { } primary)
            {
                foreach (var parameter in primary.Parameters)
                {
                    overrideText.Add(parameter.Identifier.ValueText);
                }
            }
        }

        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IFieldSymbol field when !field.IsImplicitlyDeclared => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (memberType is not null && IsHolderType(type, memberType, member.Name, overrideText))
            {
                names.Add(member.Name);
            }
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaringSyntaxReferences.Length == 1
                && constructor.DeclaringSyntaxReferences[0].GetSyntax() is TypeDeclarationSyntax)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (IsHolderType(type, parameter.Type, parameter.Name, overrideText))
                    {
                        names.Add(parameter.Name);
                    }
                }
            }
        }
    }

    private static bool IsHolderType(INamedTypeSymbol type, ITypeSymbol memberType, string name, HashSet<string> usedByOverrides)
    {
        if (memberType.TypeKind == TypeKind.Error)
        {
            return usedByOverrides.Contains(name);
        }

        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, memberType.OriginalDefinition))
            {
                return true;
            }
        }

        foreach (var contract in type.AllInterfaces)
        {
            if (contract.SpecialType != SpecialType.System_IDisposable && contract.Name != "IAsyncDisposable"
                && SymbolEqualityComparer.Default.Equals(contract.OriginalDefinition, memberType.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
