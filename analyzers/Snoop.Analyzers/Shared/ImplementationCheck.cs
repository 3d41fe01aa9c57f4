using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// <see cref="SymbolFacts.Implements"/> for one interface, asked of every named type of a compilation. It reads each type's
/// declared interfaces and remembers the answer for base types and interfaces, which ordinary types share (<c>object</c>,
/// <c>ControllerBase</c>, <c>IEquatable&lt;T&gt;</c>), instead of building every type's full interface list.
/// Thread-safe; one instance per compilation.
/// </summary>
internal sealed class ImplementationCheck
{
    private readonly INamedTypeSymbol _interface;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _known = new(SymbolEqualityComparer.Default);

    public ImplementationCheck(INamedTypeSymbol @interface) => _interface = @interface.OriginalDefinition;

    /// <summary>True when <paramref name="type"/> implements the interface, as <see cref="SymbolFacts.Implements"/> says.</summary>
    public bool IsImplementedBy(INamedTypeSymbol type) => DeclaresOrInherits(type, depth: 0);

    private bool DeclaresOrInherits(INamedTypeSymbol type, int depth)
    {
        foreach (var declared in type.Interfaces)
        {
            if (IsOrExtends(declared.OriginalDefinition))
            {
                return true;
            }
        }

        // Base classes, remembered. Deep or cyclic (erroneous) hierarchies fall back to the full list.
        return type.BaseType is { } baseType
            && (depth < 32 ? Remembered(baseType.OriginalDefinition, depth + 1) : SymbolFacts.Implements(baseType, _interface));
    }

    private bool Remembered(INamedTypeSymbol type, int depth)
    {
        if (_known.TryGetValue(type, out var known))
        {
            return known;
        }

        var result = DeclaresOrInherits(type, depth);
        _known.TryAdd(type, result);
        return result;
    }

    private bool IsOrExtends(INamedTypeSymbol declared)
    {
        if (SymbolEqualityComparer.Default.Equals(declared, _interface))
        {
            return true;
        }

        if (_known.TryGetValue(declared, out var known))
        {
            return known;
        }

        var result = SymbolFacts.Implements(declared, _interface);
        _known.TryAdd(declared, result);
        return result;
    }
}
