using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <content>Tracking how the original content's bytes flow into the new content (<see cref="ContentFlow"/>).</content>
internal sealed partial class ResponseContentReplacement
{
    /// <summary>Where the value of <paramref name="op"/> comes from, as far as the original content is concerned.</summary>
    private ContentFlow Classify(IOperation? op, int depth)
    {
        op = OperationFacts.Unwrap(op);
        if (op is null || depth > MaxDepth)
        {
            return ContentFlow.None;
        }

        depth++;
        switch (op)
        {
            case IAwaitOperation awaited:
                return Classify(awaited.Operation, depth);
            case IConditionalAccessOperation access:
                return Classify(access.WhenNotNull, depth);
            case IInvocationOperation invocation:
                return ClassifyInvocation(invocation, depth);
            case IObjectCreationOperation creation:
                return ClassifyCreation(creation, depth);
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task }
                when KnownTypes.InheritsFromOrEquals(task.Type, _types.Task):
                return Classify(task, depth);
            case ILocalReferenceOperation local:
                return ClassifyLocal(local.Local, depth);
            case IConditionalOperation conditional:
                return Merge(Classify(conditional.WhenTrue, depth), Classify(conditional.WhenFalse, depth));
            case ICoalesceOperation coalesce:
                return Max(Classify(coalesce.Value, depth), Classify(coalesce.WhenNull, depth));
            case IInterpolatedStringOperation or IBinaryOperation:
                foreach (var child in op.ChildOperations)
                {
                    if (ClassifyPart(child, depth) != ContentFlow.None)
                    {
                        return ContentFlow.Transformed;
                    }
                }

                return ContentFlow.None;
            default:
                // Property reads of a derived value (Length, RootElement...) and everything else: not the bytes.
                return ContentFlow.None;
        }
    }

    private ContentFlow ClassifyPart(IOperation part, int depth)
        => part is IInterpolationOperation interpolation ? Classify(interpolation.Expression, depth) : Classify(part, depth);

    private ContentFlow ClassifyInvocation(IInvocationOperation invocation, int depth)
    {
        var read = IsRead(invocation);
        if (read != ContentFlow.None)
        {
            return read;
        }

        var method = invocation.TargetMethod;
        var receiver = Receiver(invocation);
        switch (method.Name)
        {
            case "ConfigureAwait" or "GetAwaiter" or "GetResult" or "AsTask" when !method.IsStatic:
                return Classify(invocation.Instance, depth);
            case "GetBytes" or "GetString" when KnownTypes.InheritsFromOrEquals(method.ContainingType, _types.Encoding) && invocation.Arguments.Length > 0:
                // Text to bytes and back: the same body (re-encoded as the new content's charset at worst).
                return Classify(invocation.Arguments[0].Value, depth);
            case "ToArray" or "AsMemory" or "AsSpan" when invocation.Arguments.Length == (method.IsExtensionMethod ? 1 : 0):
                // ms.ToArray(), bytes.AsMemory(): the same bytes, another shape (a filtered sequence is already Transformed).
                return Classify(receiver, depth);
            case "GetBuffer" when KnownTypes.InheritsFromOrEquals(method.ContainingType, _types.MemoryStream):
                return Classify(invocation.Instance, depth);
            case "ReadToEnd" or "ReadToEndAsync" when KnownTypes.InheritsFromOrEquals(method.ContainingType, _types.StreamReader)
                || method.ContainingType?.Name == "TextReader":
                return Classify(invocation.Instance, depth);
            case "ToString" when invocation.Arguments.Length == 0 && invocation.Instance?.Type?.SpecialType == SpecialType.System_String:
                return Classify(invocation.Instance, depth);
        }

        // Anything else computed from the body (a rewrite, a redaction, a JSON round trip) makes different bytes.
        if (Classify(receiver, depth) != ContentFlow.None)
        {
            return ContentFlow.Transformed;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value != receiver && Classify(argument.Value, depth) != ContentFlow.None)
            {
                return ContentFlow.Transformed;
            }
        }

        return ContentFlow.None;
    }

    private ContentFlow ClassifyCreation(IObjectCreationOperation creation, int depth)
    {
        var type = creation.Type;
        var passThrough = KnownTypes.InheritsFromOrEquals(type, _types.MemoryStream) || KnownTypes.InheritsFromOrEquals(type, _types.StreamReader);
        if (!passThrough && !KnownTypes.InheritsFromOrEquals(type, _types.Stream))
        {
            // A new object (an envelope, a DTO) holding a piece of the body is a new document, not this body.
            return ContentFlow.None;
        }

        var flow = ContentFlow.None;
        foreach (var argument in creation.Arguments)
        {
            flow = Max(flow, Classify(argument.Value, depth));
        }

        // new MemoryStream(bytes), new StreamReader(stream) carry the bytes; new GZipStream(stream, Decompress) changes them.
        return passThrough || flow == ContentFlow.None ? flow : ContentFlow.Transformed;
    }

    /// <summary>Everything stored in, or copied into, a local before the assignment.</summary>
    private ContentFlow ClassifyLocal(ILocalSymbol local, int depth)
    {
        if (_localFlows.TryGetValue(local, out var known))
        {
            return known;
        }

        // Guard against cycles (body = Rewrite(body)); the final value replaces it below.
        _localFlows[local] = ContentFlow.None;
        var flow = ContentFlow.None;
        var isData = local.Type is { SpecialType: SpecialType.System_String } or IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };
        var sawOther = false;
        var end = Assignment.Syntax.Span.End;
        foreach (var op in _operations)
        {
            if (op.Syntax.SpanStart >= end)
            {
                break;
            }

            if (OperationFacts.TryGetLocalStore(op, out var stored, out var value) && SymbolEqualityComparer.Default.Equals(stored, local))
            {
                var stores = Classify(value, depth);
                sawOther |= stores == ContentFlow.None;
                flow = Max(flow, stores);
            }
            else if (op is IInvocationOperation invocation && WritesInto(invocation, local, out var source))
            {
                flow = Max(flow, source is null ? IsRead(invocation) : Classify(source, depth));
            }
        }

        // string body = ""; if (...) body = await content.ReadAsStringAsync(); — on some path the new content is not the body.
        if (isData && sawOther && flow == ContentFlow.Same)
        {
            flow = ContentFlow.Transformed;
        }

        _localFlows[local] = flow;
        return flow;
    }

    /// <summary>
    /// <c>x.CopyTo[Async](local)</c> or <c>local.Write[Async](bytes)</c>. <paramref name="source"/> is what is copied (null when
    /// the invocation itself is a read of the original content into the local).
    /// </summary>
    private bool WritesInto(IInvocationOperation invocation, ILocalSymbol local, out IOperation? source)
    {
        source = null;
        var method = invocation.TargetMethod;
        if (method.Name is "CopyTo" or "CopyToAsync")
        {
            foreach (var argument in invocation.Arguments)
            {
                if (OperationFacts.IsLocal(argument.Value, local))
                {
                    source = IsRead(invocation) != ContentFlow.None ? null : invocation.Instance;
                    return true;
                }
            }

            return false;
        }

        if (method.Name is "Write" or "WriteAsync" && OperationFacts.IsLocal(invocation.Instance, local) && invocation.Arguments.Length > 0)
        {
            source = invocation.Arguments[0].Value;
            return true;
        }

        return false;
    }

    private static ContentFlow Max(ContentFlow a, ContentFlow b) => a > b ? a : b;

    /// <summary>Two paths: the body on one and something else on the other is not the body.</summary>
    private static ContentFlow Merge(ContentFlow a, ContentFlow b)
        => a == b ? a : a == ContentFlow.None || b == ContentFlow.None ? ContentFlow.Transformed : Max(a, b);
}
