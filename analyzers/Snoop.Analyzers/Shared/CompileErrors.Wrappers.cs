using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.Analyzers.Shared;

/// <content>A wrapper class's contract: the members a wrapper fix generates, overrides, forwards or deletes, and the holders of the wrapped instance.</content>
internal static partial class CompileErrors
{
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
