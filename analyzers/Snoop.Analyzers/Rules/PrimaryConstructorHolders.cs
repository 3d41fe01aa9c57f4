using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Rules;

/// <summary>Primary-constructor parameters that are not a holder of their own (shared by SNOOP004 and SNOOP005).</summary>
internal static class PrimaryConstructorHolders
{
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

            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var initializer = reference.GetSyntax(cancellationToken) switch
                {
                    VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value,
                    _ => null,
                };
                if (initializer is IdentifierNameSyntax name && name.Identifier.ValueText == parameter.Name)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
