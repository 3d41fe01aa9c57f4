using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// Which members of a wrapper hold the wrapped instance (SNOOP004, SNOOP005 and their fixers), and which one a fix
/// forwards to.
/// </summary>
internal static class WrapperHolders
{
    /// <summary>
    /// The holders of a <paramref name="heldType"/> in <paramref name="type"/>: instance fields and non-indexer,
    /// non-override properties whose type is <paramref name="heldType"/> or derives from it, declared by the type or by
    /// a base class declared in source (below <paramref name="heldType"/>; a compiled base class's members are not
    /// seen), then the primary-constructor parameters of that type which do not just initialize one of those members.
    /// </summary>
    public static List<ISymbol> Find(INamedTypeSymbol type, INamedTypeSymbol heldType, CancellationToken cancellationToken)
    {
        var holders = new List<ISymbol>();
        var isBase = false;
        for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, heldType.OriginalDefinition); current = current.BaseType)
        {
            if (isBase && current.DeclaringSyntaxReferences.IsEmpty)
            {
                break;
            }

            isBase = true;

            foreach (var member in current.GetMembers())
            {
                var memberType = member switch
                {
                    IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field => field.Type,
                    IPropertySymbol { IsStatic: false, IsIndexer: false, IsOverride: false } property => property.Type,
                    _ => null,
                };
                if (memberType is not null && KnownTypes.InheritsFromOrEquals(memberType, heldType))
                {
                    holders.Add(member);
                }
            }
        }

        // Primary-constructor parameters: the constructor whose declaring syntax is the type declaration itself.
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax)
                {
                    continue;
                }

                foreach (var parameter in constructor.Parameters)
                {
                    if (KnownTypes.InheritsFromOrEquals(parameter.Type, heldType) && !InitializesAMember(parameter, type.GetMembers(), cancellationToken))
                    {
                        holders.Add(parameter);
                    }
                }
            }
        }

        return holders;
    }

    /// <summary>
    /// The holder a fix forwards to: the only field or property; or, when there is none, the only primary-constructor
    /// parameter (a parameter copied into a field is used through the field). Null when ambiguous, or when the only
    /// member is a private one of a base class, which <paramref name="type"/> cannot reach.
    /// </summary>
    public static ISymbol? Choose(IReadOnlyList<ISymbol> holders, INamedTypeSymbol type)
    {
        ISymbol? member = null;
        ISymbol? parameter = null;
        var members = 0;
        var parameters = 0;
        foreach (var holder in holders)
        {
            if (holder is IParameterSymbol)
            {
                parameters++;
                parameter = holder;
            }
            else
            {
                members++;
                member = holder;
            }
        }

        if (members == 1)
        {
            return SymbolFacts.IsDeclaredIn(member, type) || member!.DeclaredAccessibility != Accessibility.Private ? member : null;
        }

        return members == 0 && parameters == 1 ? parameter : null;
    }

    /// <summary>True when the holder is declared nullable (<c>IHttpResponseBodyFeature? _inner</c>).</summary>
    public static bool IsNullable(ISymbol holder) => holder switch
    {
        IFieldSymbol field => field.NullableAnnotation == NullableAnnotation.Annotated,
        IPropertySymbol property => property.NullableAnnotation == NullableAnnotation.Annotated,
        IParameterSymbol parameter => parameter.NullableAnnotation == NullableAnnotation.Annotated,
        _ => false,
    };

    /// <summary>
    /// True when the primary-constructor <paramref name="parameter"/> initializes a field or property of the same type
    /// among <paramref name="members"/> (<c>private readonly T _inner = inner;</c>, or a record's positional property):
    /// both hold the same instance, so the member is the one holder and the parameter does not count as a second one.
    /// </summary>
    public static bool InitializesAMember(IParameterSymbol parameter, IEnumerable<ISymbol> members, CancellationToken cancellationToken)
    {
        var isRecord = parameter.ContainingSymbol?.ContainingType is { IsRecord: true };
        foreach (var member in members)
        {
            var type = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (type is null || !SymbolEqualityComparer.Default.Equals(type, parameter.Type))
            {
                continue;
            }

            if (isRecord && member is IPropertySymbol && member.Name == parameter.Name)
            {
                return true;
            }

            if (SymbolFacts.DeclaredInitializer(member, cancellationToken: cancellationToken) is IdentifierNameSyntax name && name.Identifier.ValueText == parameter.Name)
            {
                return true;
            }
        }

        return false;
    }
}
