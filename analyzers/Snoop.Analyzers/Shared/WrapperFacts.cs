using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// What the members of one class do with the object it wraps (an inner <c>Stream</c> or <c>PipeWriter</c>),
/// collected from the operation blocks of the class during a symbol-start/symbol-end pass.
/// </summary>
/// <remarks>
/// The inner object is a field or property of the wrapped type assigned from a constructor parameter or from a
/// property read off one (<c>feature.Stream</c>, <c>context.Response.Body</c>), or a primary-constructor parameter
/// used directly. A rule may also accept an inner object the class creates itself (SNOOP006: <c>PipeWriter.Create(stream)</c>,
/// <c>new Pipe()</c> whose <c>Writer</c> the members use): a writer that forwards to a writer it owns still hides what
/// that writer can do. Operation blocks of one class may be analyzed concurrently,
/// so every write to the shared state happens under a lock; the read side runs in the symbol-end action.
/// </remarks>
internal sealed partial class WrapperFacts
{
    private const int MaxCallDepth = 8;

    private readonly INamedTypeSymbol _type;
    private readonly INamedTypeSymbol _innerType;
    private readonly INamedTypeSymbol? _harmlessInnerType;
    private readonly bool _acceptsCreatedInner;
    private readonly bool _followsConditionalAccess;
    private readonly object _gate = new();
    private readonly Dictionary<IMethodSymbol, MethodFacts> _methods = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _assignedFromParameter = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, object> _summaries = new(SymbolEqualityComparer.Default);

    /// <param name="type">The class being analyzed.</param>
    /// <param name="innerType">The type of the wrapped object (<c>Stream</c>, <c>PipeWriter</c>).</param>
    /// <param name="harmlessInnerType">An inner type whose synchronous members never block (<c>MemoryStream</c>); uses of such an inner are ignored.</param>
    /// <param name="acceptsCreatedInner">
    /// Also accept an inner object the class creates itself (assigned from an object creation, a static factory returning
    /// the inner type, or a property of the inner type read off a new object or a local), and an inner reached through a
    /// property of a member of the class (<c>_pipe.Writer</c>, <c>_response.BodyWriter</c>).
    /// </param>
    /// <param name="followsConditionalAccess">Also record a call made with <c>?.</c> (<c>_inner?.Dispose()</c>) as a use of the inner object.</param>
    public WrapperFacts(INamedTypeSymbol type, INamedTypeSymbol innerType, INamedTypeSymbol? harmlessInnerType, bool acceptsCreatedInner = false, bool followsConditionalAccess = false)
    {
        _type = type;
        _innerType = innerType;
        _harmlessInnerType = harmlessInnerType;
        _acceptsCreatedInner = acceptsCreatedInner;
        _followsConditionalAccess = followsConditionalAccess;
    }

    /// <summary>Records the facts of one operation block (a method, accessor, constructor or initializer) of the class.</summary>
    public void AnalyzeBlock(OperationBlockAnalysisContext context) => AnalyzeBlock(context.OwningSymbol, context.OperationBlocks);

    /// <summary>Records the facts of the operation blocks of <paramref name="owner"/> (for a class analyzed from another type's action).</summary>
    public void AnalyzeBlock(ISymbol owner, IEnumerable<IOperation?> operationBlocks)
    {
        var ownerMethod = owner as IMethodSymbol;
        var facts = new MethodFacts();
        List<ISymbol>? assigned = null;
        var stack = new Stack<IOperation>();
        foreach (var block in operationBlocks)
        {
            if (block is not null)
            {
                stack.Push(block);
            }
        }

        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            switch (operation)
            {
                case IInvocationOperation invocation:
                    RecordInvocation(invocation, ownerMethod, facts);
                    break;
                case IPropertyReferenceOperation propertyReference:
                    RecordPropertyReference(propertyReference, ownerMethod, facts);
                    break;
                case ISimpleAssignmentOperation assignment when ownerMethod is { MethodKind: MethodKind.Constructor }:
                    var target = OperationFacts.MemberOfThis(assignment.Target);
                    if (target is not null && IsHandedInOrCreated(assignment.Value))
                    {
                        (assigned ??= new List<ISymbol>()).Add(target);
                    }

                    break;
                case IFieldInitializerOperation fieldInitializer when IsHandedInOrCreated(fieldInitializer.Value):
                    foreach (var field in fieldInitializer.InitializedFields)
                    {
                        (assigned ??= new List<ISymbol>()).Add(field);
                    }

                    break;
                case IPropertyInitializerOperation propertyInitializer when IsHandedInOrCreated(propertyInitializer.Value):
                    foreach (var property in propertyInitializer.InitializedProperties)
                    {
                        (assigned ??= new List<ISymbol>()).Add(property);
                    }

                    break;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child is not null)
                {
                    stack.Push(child);
                }
            }
        }

        lock (_gate)
        {
            if (assigned is not null)
            {
                foreach (var symbol in assigned)
                {
                    _assignedFromParameter.Add(symbol.OriginalDefinition);
                }
            }

            if (ownerMethod is not null && (facts.InnerUses.Count > 0 || facts.OwnCalls.Count > 0))
            {
                var key = ownerMethod.OriginalDefinition;
                if (_methods.TryGetValue(key, out var existing))
                {
                    existing.InnerUses.AddRange(facts.InnerUses);
                    existing.OwnCalls.AddRange(facts.OwnCalls);
                }
                else
                {
                    _methods.Add(key, facts);
                }
            }
        }
    }

    /// <summary>
    /// Records a rule's own summary of one operation block (computed from that block alone), so that a rule needing
    /// more than inner uses keeps no per-type state of its own: it reads the summaries back at the end of the type.
    /// </summary>
    public void RecordSummary(ISymbol owner, object summary)
    {
        lock (_gate)
        {
            _summaries[owner.OriginalDefinition] = summary;
        }
    }

    /// <summary>The summaries of type <typeparamref name="T"/> recorded so far, with the symbol owning each block.</summary>
    public List<KeyValuePair<ISymbol, T>> GetSummaries<T>()
        where T : class
    {
        var result = new List<KeyValuePair<ISymbol, T>>();
        lock (_gate)
        {
            foreach (var pair in _summaries)
            {
                if (pair.Value is T summary)
                {
                    result.Add(new KeyValuePair<ISymbol, T>(pair.Key, summary));
                }
            }
        }

        return result;
    }

    private void RecordInvocation(IInvocationOperation invocation, IMethodSymbol? owner, MethodFacts facts)
    {
        var target = invocation.TargetMethod;
        if (target is null)
        {
            return;
        }

        var instance = OperationFacts.Unwrap(invocation.Instance);
        if (_followsConditionalAccess && instance is IConditionalAccessInstanceOperation)
        {
            instance = ConditionalAccessReceiver(invocation);
        }

        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
        {
            if (invocation.IsVirtual || SymbolEqualityComparer.Default.Equals(target.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
            {
                facts.OwnCalls.Add(target);
            }

            return;
        }

        if (instance is null && target.MethodKind == MethodKind.LocalFunction)
        {
            return;
        }

        var receiver = GetInnerCandidate(instance, owner, out var via);
        if (receiver is null || invocation.Syntax.ContainsDiagnostics)
        {
            // Half-typed calls are not evidence of anything.
            return;
        }

        var dropsArgument = false;
        if (invocation.Arguments.Length > 0)
        {
            var argument = invocation.Arguments[0];
            if (argument is not null)
            {
                dropsArgument = argument.ArgumentKind == ArgumentKind.DefaultValue || OperationFacts.IsNullValue(argument.Value);
            }
        }

        facts.InnerUses.Add(new InnerUse(receiver, SymbolFacts.Root(target), dropsArgument, via));
    }

    private void RecordPropertyReference(IPropertyReferenceOperation reference, IMethodSymbol? owner, MethodFacts facts)
    {
        var property = reference.Property;
        if (property is null)
        {
            return;
        }

        var receiver = GetInnerCandidate(OperationFacts.Unwrap(reference.Instance), owner, out var via);
        if (receiver is not null)
        {
            facts.InnerUses.Add(new InnerUse(receiver, SymbolFacts.RootProperty(property), dropsArgument: false, via));
        }
    }

    /// <summary>
    /// The field, property or captured primary-constructor parameter behind <paramref name="operation"/> when its type is
    /// the inner type; or, for a rule accepting created inners, the member holding it when <paramref name="operation"/>
    /// reads a property of the inner type off a member of the class (<paramref name="via"/>: that property).
    /// </summary>
    private ISymbol? GetInnerCandidate(IOperation? operation, IMethodSymbol? owner, out IPropertySymbol? via)
    {
        via = null;
        ISymbol? symbol;
        ITypeSymbol? type;
        if (_acceptsCreatedInner
            && operation is IPropertyReferenceOperation { Arguments.Length: 0, Property: { IsStatic: false } through } throughReference
            && IsInnerType(through.Type)
            && GetHolder(OperationFacts.Unwrap(throughReference.Instance), owner) is { } holder
            && !IsInnerType(holder switch { IFieldSymbol field => field.Type, IPropertySymbol property => property.Type, IParameterSymbol parameter => parameter.Type, _ => null }))
        {
            via = through;
            return holder;
        }

        switch (operation)
        {
            case IFieldReferenceOperation or IPropertyReferenceOperation when OperationFacts.MemberOfThis(operation) is { } member:
                symbol = member;
                type = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                break;
            case IParameterReferenceOperation parameter
                when parameter.Parameter?.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                    && SymbolEqualityComparer.Default.Equals(constructor.ContainingType?.OriginalDefinition, _type.OriginalDefinition)
                    && !SymbolEqualityComparer.Default.Equals(constructor, owner):
                // A primary-constructor parameter captured by a member.
                symbol = parameter.Parameter;
                type = parameter.Parameter.Type;
                break;
            default:
                return null;
        }

        return symbol is not null && IsInnerType(type) ? symbol : null;
    }

    private bool IsInnerType(ITypeSymbol? type) => SymbolFacts.IsOfType(type, _innerType, _harmlessInnerType);

    private static bool Contains(ISymbol?[] members, ISymbol member)
    {
        foreach (var candidate in members)
        {
            if (candidate is not null && SymbolEqualityComparer.Default.Equals(candidate, member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="value"/> is a constructor parameter, or a property/field chain read from one
    /// (<c>inner</c>, <c>feature.Stream</c>, <c>context.Response.Body</c>): an object handed in from outside.
    /// </summary>
    private static bool IsFromParameter(IOperation? value)
    {
        value = OperationFacts.Unwrap(value);
        for (var i = 0; i < 8 && value is not null; i++)
        {
            switch (value)
            {
                case IParameterReferenceOperation:
                    return true;
                case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                    value = OperationFacts.Unwrap(property.Instance);
                    break;
                case IFieldReferenceOperation field:
                    value = OperationFacts.Unwrap(field.Instance);
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private sealed class MethodFacts
    {
        public List<InnerUse> InnerUses { get; } = new();

        public List<IMethodSymbol> OwnCalls { get; } = new();
    }
}
