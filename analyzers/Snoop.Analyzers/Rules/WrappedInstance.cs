using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Rules;

/// <summary>Shared by the wrapper rules (SNOOP004, SNOOP005): which member holds the wrapped instance.</summary>
internal static class WrappedInstance
{
    /// <summary>
    /// The holder a fix forwards to: the only field or property; or, when there is none, the only primary-constructor
    /// parameter (a parameter copied into a field is used through the field). Null when ambiguous.
    /// </summary>
    public static ISymbol? ChooseHolder(IReadOnlyList<ISymbol> holders)
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
            return member;
        }

        return members == 0 && parameters == 1 ? parameter : null;
    }
}
