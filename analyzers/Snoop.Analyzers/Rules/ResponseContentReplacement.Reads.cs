using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <content>Recognizing the original content: its aliases, its headers, and the reads of it.</content>
internal sealed partial class ResponseContentReplacement
{
    /// <summary>Locals that hold the original content (<c>var original = response.Content;</c>) or its headers, stored once before the assignment.</summary>
    private void CollectAliases()
    {
        var stores = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        var start = Assignment.Syntax.SpanStart;
        foreach (var op in _operations)
        {
            if (OperationFacts.TryGetLocalStore(op, out var local, out _) && local is not null)
            {
                stores[local] = stores.TryGetValue(local, out var n) ? n + 1 : 1;
            }
        }

        foreach (var op in _operations)
        {
            if (op.Syntax.SpanStart < start
                && OperationFacts.TryGetLocalStore(op, out var local, out var value) && local is not null
                && stores.TryGetValue(local, out var count) && count == 1)
            {
                if (IsOriginalContent(value))
                {
                    _contentAliases.Add(local);
                }
                else if (IsOriginalHeaders(value))
                {
                    _headerAliases.Add(local);
                }
            }
        }
    }

    /// <summary><c>response.Content</c> on the same response, or a local that holds it.</summary>
    public bool IsOriginalContent(IOperation? op)
    {
        op = OperationFacts.Unwrap(op);
        if (op is IConditionalAccessInstanceOperation)
        {
            op = ConditionalAccessTarget(op);
        }

        return op switch
        {
            IPropertyReferenceOperation { Property.Name: "Content", Instance: { } instance } property
                => KnownTypes.InheritsFromOrEquals(property.Property.ContainingType, _types.HttpResponseMessage)
                    && OperationFacts.SameInstance(instance, Target.Instance),
            ILocalReferenceOperation local => _contentAliases.Contains(local.Local),
            _ => false,
        };
    }

    /// <summary><c>original.Headers</c> (the content headers of the original content), or a local that holds them.</summary>
    private bool IsOriginalHeaders(IOperation? op)
    {
        op = OperationFacts.Unwrap(op);
        if (op is IConditionalAccessInstanceOperation)
        {
            op = ConditionalAccessTarget(op);
        }

        return op switch
        {
            IPropertyReferenceOperation { Property.Name: "Headers", Instance: { } instance } => IsOriginalContent(instance),
            ILocalReferenceOperation local => _headerAliases.Contains(local.Local),
            _ => false,
        };
    }

    private static IOperation? ConditionalAccessTarget(IOperation op)
    {
        for (var current = op.Parent; current is not null; current = current.Parent)
        {
            if (current is IConditionalAccessOperation access)
            {
                return OperationFacts.Unwrap(access.Operation);
            }
        }

        return null;
    }

    /// <summary>The receiver of an invocation: the instance, or the first argument of an extension method.</summary>
    private static IOperation? Receiver(IInvocationOperation invocation)
        => invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;

    /// <summary>
    /// A read of the original content: <c>ReadAsStringAsync</c>, <c>ReadAsByteArrayAsync</c>, <c>ReadAsStream[Async]</c>,
    /// <c>CopyTo[Async]</c> give the bytes (<see cref="ContentFlow.Same"/>); typed extension reads (<c>ReadFromJsonAsync</c>,
    /// <c>ReadAsAsync</c>) give an object whose serialization is not the original bytes (<see cref="ContentFlow.Transformed"/>).
    /// </summary>
    public ContentFlow IsRead(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var name = method.Name;
        if (!IsOriginalContent(Receiver(invocation)))
        {
            return ContentFlow.None;
        }

        if (name is "ReadAsStringAsync" or "ReadAsByteArrayAsync" or "ReadAsStreamAsync" or "ReadAsStream" or "CopyToAsync" or "CopyTo"
            or "ReadAsString" or "ReadAsByteArray")
        {
            return ContentFlow.Same;
        }

        return method.IsExtensionMethod && (name.StartsWith("ReadAs", System.StringComparison.Ordinal) || name.StartsWith("ReadFrom", System.StringComparison.Ordinal))
            ? ContentFlow.Transformed
            : ContentFlow.None;
    }
}
