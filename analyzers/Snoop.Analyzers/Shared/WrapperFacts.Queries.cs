using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Shared;

/// <content>
/// The read side, run in a rule's symbol-end action: which recorded uses are of the wrapped object (<see cref="IsInner"/>),
/// and the uses of given members by a method or by the methods of the class it calls.
/// </content>
internal sealed partial class WrapperFacts
{
    /// <summary>True when any member of the class uses the wrapped object.</summary>
    public bool UsesInner()
    {
        lock (_gate)
        {
            foreach (var pair in _methods)
            {
                foreach (var use in pair.Value.InnerUses)
                {
                    if (IsInner(use.Receiver))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Finds a use of the wrapped object, by <paramref name="method"/> or by a method of the same class it calls,
    /// of one of <paramref name="members"/> (compared by their root definition). Returns null when there is none.
    /// </summary>
    public InnerUse? FindInnerUse(IMethodSymbol? method, ISymbol?[] members, bool onlyDroppingArgument = false)
    {
        if (method is null)
        {
            return null;
        }

        lock (_gate)
        {
            var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            return FindInnerUse(method.OriginalDefinition, members, onlyDroppingArgument, visited, 0);
        }
    }

    /// <summary>A use of the wrapped object by the class (preferring one by <paramref name="preferredMethod"/>), or null.</summary>
    public InnerUse? FindInner(IMethodSymbol? preferredMethod)
    {
        lock (_gate)
        {
            if (preferredMethod is not null && _methods.TryGetValue(preferredMethod.OriginalDefinition, out var preferred))
            {
                foreach (var use in preferred.InnerUses)
                {
                    if (IsInner(use.Receiver))
                    {
                        return use;
                    }
                }
            }

            foreach (var pair in _methods)
            {
                foreach (var use in pair.Value.InnerUses)
                {
                    if (IsInner(use.Receiver))
                    {
                        return use;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="receiver"/> (a field, property or primary-constructor parameter) holds the wrapped object.</summary>
    public bool IsWrapped(ISymbol receiver)
    {
        lock (_gate)
        {
            return IsInner(receiver);
        }
    }

    private InnerUse? FindInnerUse(IMethodSymbol method, ISymbol?[] members, bool onlyDroppingArgument, HashSet<IMethodSymbol> visited, int depth)
    {
        if (depth > MaxCallDepth || !visited.Add(method) || !_methods.TryGetValue(method, out var facts))
        {
            return null;
        }

        foreach (var use in facts.InnerUses)
        {
            if ((!onlyDroppingArgument || use.DropsArgument) && Contains(members, use.Member) && IsInner(use.Receiver))
            {
                return use;
            }
        }

        foreach (var call in facts.OwnCalls)
        {
            var target = ResolveInType(call);
            if (target is not null)
            {
                var found = FindInnerUse(target, members, onlyDroppingArgument, visited, depth + 1);
                if (found is not null)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private IMethodSymbol? ResolveInType(IMethodSymbol call)
    {
        if (SymbolEqualityComparer.Default.Equals(call.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
        {
            return call.OriginalDefinition;
        }

        var root = SymbolFacts.Root(call);
        foreach (var member in _type.GetMembers(call.Name))
        {
            if (member is IMethodSymbol candidate && SymbolEqualityComparer.Default.Equals(SymbolFacts.Root(candidate), root))
            {
                return candidate.OriginalDefinition;
            }
        }

        return null;
    }

    private bool IsInner(ISymbol receiver)
    {
        switch (receiver)
        {
            case IParameterSymbol:
                return true;
            case IFieldSymbol or IPropertySymbol:
                if (!SymbolEqualityComparer.Default.Equals(receiver.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
                {
                    // Declared by a base class: its constructor is not visible here; a protected inner member is a wrapper's.
                    // (A member of an enclosing type is not the wrapped object.)
                    return receiver.ContainingType is { } declaring && KnownTypes.InheritsFromOrEquals(_type.BaseType, declaring.OriginalDefinition);
                }

                return _assignedFromParameter.Contains(receiver.OriginalDefinition);
            default:
                return false;
        }
    }
}
