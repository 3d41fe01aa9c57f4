using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Shared;

/// <summary>Facts about symbols that every rule and fixer needs the same way: interfaces, override chains, member look-ups.</summary>
internal static class SymbolFacts
{
    private const int MaxDepth = 32;

    /// <summary>
    /// True when <paramref name="type"/> implements <paramref name="interface"/> (directly, through a base class or
    /// another interface). Compared by original definition, so a generic definition (<c>IEquatable&lt;T&gt;</c>) matches
    /// every construction of it, as <see cref="KnownTypes.InheritsFromOrEquals"/> does for classes. An interface does not
    /// implement itself.
    /// </summary>
    public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? @interface)
    {
        if (type is null || @interface is null)
        {
            return false;
        }

        var target = @interface.OriginalDefinition;
        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, target))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is <paramref name="interface"/> or implements it.</summary>
    public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? @interface)
        => type is not null && @interface is not null
            && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, @interface.OriginalDefinition) || Implements(type, @interface));

    /// <summary>
    /// True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it, and is not (or does not derive
    /// from) <paramref name="except"/>; a type parameter counts through its constraints (<c>T : Stream</c> is a stream).
    /// </summary>
    public static bool IsOfType(ITypeSymbol? type, INamedTypeSymbol? baseType, INamedTypeSymbol? except = null)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (IsOfType(constraint, baseType, except))
                {
                    return true;
                }
            }

            return false;
        }

        return KnownTypes.InheritsFromOrEquals(type, baseType) && !KnownTypes.InheritsFromOrEquals(type, except);
    }

    /// <summary>
    /// The initializer a field, property or local is declared with (<c>= value</c>), from its first declaration that has
    /// one (in <paramref name="tree"/> only, when given); null when it has none.
    /// </summary>
    public static ExpressionSyntax? DeclaredInitializer(ISymbol symbol, SyntaxTree? tree = null, System.Threading.CancellationToken cancellationToken = default)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (tree is not null && reference.SyntaxTree != tree)
            {
                continue;
            }

            var value = reference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax { Initializer.Value: { } v } => v,
                PropertyDeclarationSyntax { Initializer.Value: { } v } => v,
                _ => null,
            };
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The virtual method <paramref name="method"/> overrides at the root of its override chain.</summary>
    public static IMethodSymbol Root(IMethodSymbol method)
    {
        var current = method.OriginalDefinition;
        for (var i = 0; i < MaxDepth && current.OverriddenMethod is not null; i++)
        {
            current = current.OverriddenMethod.OriginalDefinition;
        }

        return current;
    }

    /// <summary>The virtual property <paramref name="property"/> overrides at the root of its override chain.</summary>
    public static IPropertySymbol RootProperty(IPropertySymbol property)
    {
        var current = property.OriginalDefinition;
        for (var i = 0; i < MaxDepth && current.OverriddenProperty is not null; i++)
        {
            current = current.OverriddenProperty.OriginalDefinition;
        }

        return current;
    }

    /// <summary>
    /// The implementation of <paramref name="slot"/> that instances of <paramref name="type"/> run: the most derived
    /// declaration in the chain (an <c>abstract override</c> counts: derived classes must then implement it).
    /// </summary>
    public static IMethodSymbol? FindImplementation(INamedTypeSymbol type, IMethodSymbol? slot)
    {
        if (slot is null)
        {
            return null;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(slot.Name))
            {
                if (member is IMethodSymbol method && SymbolEqualityComparer.Default.Equals(Root(method), slot))
                {
                    return method;
                }
            }
        }

        return null;
    }

    /// <summary>The implementation of <paramref name="slot"/> that instances of <paramref name="type"/> run.</summary>
    public static IPropertySymbol? FindImplementation(INamedTypeSymbol type, IPropertySymbol? slot)
    {
        if (slot is null)
        {
            return null;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(slot.Name))
            {
                if (member is IPropertySymbol property && SymbolEqualityComparer.Default.Equals(RootProperty(property), slot))
                {
                    return property;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="type"/> declares a member named <paramref name="name"/> that is not an override and would
    /// clash with an override of a base member of that name that a fix generates: a property, field or event of that name, or
    /// a method with the parameter types of an overridable base method (a member that lost its <c>override</c> keyword and now
    /// hides the base one). A fix adding the override next to it would not compile (CS0102/CS0111).
    /// </summary>
    public static bool DeclaresClashWithOverride(INamedTypeSymbol type, string name)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member.IsOverride || member.IsImplicitlyDeclared)
            {
                continue;
            }

            if (member is not IMethodSymbol method)
            {
                return true;
            }

            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                foreach (var candidate in current.GetMembers(name))
                {
                    if (candidate is not IMethodSymbol baseMethod || !(baseMethod.IsVirtual || baseMethod.IsAbstract || baseMethod.IsOverride))
                    {
                        // A property or event of the base with the method's name: the generated property clashes too.
                        if (candidate is IPropertySymbol or IEventSymbol)
                        {
                            return true;
                        }

                        continue;
                    }

                    if (SameParameterTypes(method, baseMethod))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool SameParameterTypes(IMethodSymbol left, IMethodSymbol right)
    {
        if (left.Parameters.Length != right.Parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Parameters.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(left.Parameters[i].Type, right.Parameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="symbol"/> is declared by <paramref name="type"/> (not inherited).</summary>
    public static bool IsDeclaredIn(ISymbol? symbol, INamedTypeSymbol type)
        => symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.ContainingType?.OriginalDefinition, type.OriginalDefinition);

    /// <summary>The instance method <paramref name="name"/> with <paramref name="parameterCount"/> parameters that <paramref name="type"/> declares, or null.</summary>
    public static IMethodSymbol? FindMethod(INamedTypeSymbol? type, string name, int parameterCount)
    {
        if (type is null)
        {
            return null;
        }

        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { IsStatic: false } method && method.Parameters.Length == parameterCount)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>The instance, non-indexer property <paramref name="name"/> that <paramref name="type"/> declares, or null.</summary>
    public static IPropertySymbol? FindProperty(INamedTypeSymbol? type, string name)
    {
        if (type is null)
        {
            return null;
        }

        foreach (var member in type.GetMembers(name))
        {
            if (member is IPropertySymbol { IsStatic: false, IsIndexer: false } property)
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>
    /// The identifier of the declaration of <paramref name="type"/> that contains <paramref name="member"/>
    /// (the first declaration when the member is not in source), for reporting.
    /// </summary>
    public static Location? GetIdentifierLocation(INamedTypeSymbol type, ISymbol? member, System.Threading.CancellationToken cancellationToken)
    {
        Location? memberLocation = null;
        if (member is not null)
        {
            foreach (var location in member.Locations)
            {
                if (location.IsInSource)
                {
                    memberLocation = location;
                    break;
                }
            }
        }

        Location? first = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not BaseTypeDeclarationSyntax declaration)
            {
                continue;
            }

            var location = declaration.Identifier.GetLocation();
            first ??= location;
            if (memberLocation is not null
                && memberLocation.SourceTree == declaration.SyntaxTree
                && declaration.Span.Contains(memberLocation.SourceSpan))
            {
                return location;
            }
        }

        return first;
    }
}
