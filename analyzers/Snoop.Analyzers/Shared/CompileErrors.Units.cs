using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.Analyzers.Shared;

/// <content>Where an error sits: its unit (statement, parameter, member...), the names it mentions, the name it could not resolve.</content>
internal static partial class CompileErrors
{
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
}
