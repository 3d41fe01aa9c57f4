using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>How the bytes of the new content relate to the response's own content.</summary>
internal enum ContentFlow
{
    /// <summary>Not built from reading the response's content.</summary>
    None = 0,

    /// <summary>The bytes read, unchanged (a string, a byte array, a copy in a <c>MemoryStream</c>, the read stream itself).</summary>
    Same = 1,

    /// <summary>Built from the bytes read, but not the same bytes (rewritten, decompressed, re-serialized).</summary>
    Transformed = 2,
}

/// <summary>Why the SNOOP008 fix is not offered.</summary>
internal enum ContentFixBlocker
{
    /// <summary>The fix applies.</summary>
    None,

    /// <summary>The new content's bytes differ from the original: dropping it would change what the caller reads.</summary>
    Transformed,

    /// <summary>The function is not async and <c>HttpContent</c> has no public synchronous <c>LoadIntoBuffer</c>.</summary>
    NotAsync,

    /// <summary>The handler keeps reading through <c>ReadAsStream(Async)</c> or an extension method: once buffered, that stream is the one every later reader gets, at its end.</summary>
    StreamRead,
}

/// <summary>
/// SNOOP008's analysis of one <c>response.Content = new XxxContent(...)</c>: the new content is built from reading that
/// same response's content and the content headers are not carried over. Computed by the analyzer (to report, and to decide
/// whether a fix applies) and again by the fixer (for the nodes it rewrites).
/// </summary>
internal sealed class ResponseContentReplacement
{
    private const int MaxDepth = 16;

    private readonly KnownTypes _types;
    private readonly List<IOperation> _operations = new();
    private readonly HashSet<ILocalSymbol> _contentAliases = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _headerAliases = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, ContentFlow> _localFlows = new(SymbolEqualityComparer.Default);
    private readonly List<IInvocationOperation> _reads = new();

    private ResponseContentReplacement(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target, IOperation scope, KnownTypes types)
    {
        Assignment = assignment;
        Target = target;
        Scope = scope;
        _types = types;
    }

    /// <summary>The assignment <c>response.Content = ...</c>.</summary>
    public ISimpleAssignmentOperation Assignment { get; }

    /// <summary>The <c>response.Content</c> being assigned.</summary>
    public IPropertyReferenceOperation Target { get; }

    /// <summary>The function the assignment lives in: the root of an operation block, a lambda or a local function.</summary>
    public IOperation Scope { get; }

    /// <summary>The new content's construction.</summary>
    public IObjectCreationOperation NewContent { get; private set; } = null!;

    /// <summary>The local the new content is kept in before it is assigned, when there is one.</summary>
    public ILocalSymbol? NewContentLocal { get; private set; }

    /// <summary>How the new content's bytes relate to the original's.</summary>
    public ContentFlow Flow { get; private set; }

    /// <summary>Why no fix is offered, or <see cref="ContentFixBlocker.None"/>.</summary>
    public ContentFixBlocker Blocker { get; private set; }

    /// <summary>Reads of the original content up to the assignment, in source order.</summary>
    public IReadOnlyList<IInvocationOperation> Reads => _reads;

    /// <summary>The function's own operations, in source order.</summary>
    public IReadOnlyList<IOperation> Operations => _operations;

    /// <summary>Recognizes <paramref name="assignment"/> as a header-losing replacement of a response's content; null otherwise.</summary>
    public static ResponseContentReplacement? Create(ISimpleAssignmentOperation assignment, KnownTypes types, CancellationToken cancellationToken)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Content", Instance: { } instance } target
            || !KnownTypes.InheritsFromOrEquals(target.Property.ContainingType, types.HttpResponseMessage)
            || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            // An object initializer builds a new response (a test stub, a cache hit): there is no earlier content to lose.
            return null;
        }

        var replacement = new ResponseContentReplacement(assignment, target, FunctionScope.GetScope(assignment), types);
        return !replacement.ResponseBuiltHere() && replacement.Analyze(cancellationToken) ? replacement : null;
    }

    /// <summary>
    /// <c>var response = new HttpResponseMessage(...)</c> in the same function (a fake handler, a test): the content it reads
    /// back was put there by the same code, so there are no server headers to lose.
    /// </summary>
    private bool ResponseBuiltHere()
    {
        if (OperationFacts.Unwrap(Target.Instance) is not ILocalReferenceOperation { Local: var response })
        {
            return false;
        }

        foreach (var op in FunctionScope.EnumerateOwn(Scope))
        {
            if (ResponseBodySwap.TryGetLocalStore(op, out var local, out var value)
                && SymbolEqualityComparer.Default.Equals(local, response)
                && value is IObjectCreationOperation creation
                && KnownTypes.InheritsFromOrEquals(creation.Type, _types.HttpResponseMessage))
            {
                return true;
            }
        }

        return false;
    }

    private bool Analyze(CancellationToken cancellationToken)
    {
        if (!FindNewContent())
        {
            return false;
        }

        foreach (var op in FunctionScope.EnumerateOwn(Scope))
        {
            _operations.Add(op);
        }

        cancellationToken.ThrowIfCancellationRequested();
        CollectAliases();

        var end = Assignment.Syntax.Span.End;
        foreach (var op in _operations)
        {
            if (op is IInvocationOperation invocation && op.Syntax.SpanStart < end && IsRead(invocation) != ContentFlow.None)
            {
                _reads.Add(invocation);
            }
        }

        if (_reads.Count == 0 || ResponseReassignedAfterFirstRead())
        {
            return false;
        }

        var flow = ContentFlow.None;
        foreach (var argument in NewContent.Arguments)
        {
            flow = Max(flow, Classify(argument.Value, 0));
        }

        Flow = flow;
        if (flow == ContentFlow.None)
        {
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (CarriesHeaders())
        {
            return false;
        }

        Blocker = flow == ContentFlow.Transformed ? ContentFixBlocker.Transformed
            : !IsAsyncFunction() ? ContentFixBlocker.NotAsync
            : KeepsReadingAStream() ? ContentFixBlocker.StreamRead
            : ContentFixBlocker.None;
        return true;
    }

    /// <summary>
    /// <c>response = await base.SendAsync(...)</c> again between the first read and the replacement (a retry loop): the
    /// content read may belong to an earlier response than the one whose content is replaced.
    /// </summary>
    private bool ResponseReassignedAfterFirstRead()
    {
        if (OperationFacts.Unwrap(Target.Instance) is not ILocalReferenceOperation { Local: var response })
        {
            return false;
        }

        var first = _reads[0].Syntax.SpanStart;
        var end = Assignment.Syntax.SpanStart;
        foreach (var op in _operations)
        {
            if (op.Syntax.SpanStart > first && op.Syntax.SpanStart < end
                && op is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, response))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The assigned value: a framework content type built right there, or kept in a local assigned once before.</summary>
    private bool FindNewContent()
    {
        var value = OperationFacts.Unwrap(Assignment.Value);
        if (value is ILocalReferenceOperation local)
        {
            IObjectCreationOperation? single = null;
            var stores = 0;
            foreach (var op in FunctionScope.EnumerateOwn(Scope))
            {
                if (ResponseBodySwap.TryGetLocalStore(op, out var stored, out var storedValue) && SymbolEqualityComparer.Default.Equals(stored, local.Local))
                {
                    stores++;
                    single = storedValue as IObjectCreationOperation;
                }
            }

            if (stores != 1 || single is null)
            {
                return false;
            }

            NewContentLocal = local.Local;
            value = single;
        }

        if (value is not IObjectCreationOperation { Type: INamedTypeSymbol type } creation
            || !KnownTypes.InheritsFromOrEquals(type, _types.HttpContent)
            || !IsFrameworkContentType(type))
        {
            // A content type of the application's own may copy the headers in its constructor (a logging wrapper): not ours to judge.
            return false;
        }

        NewContent = creation;
        return true;
    }

    /// <summary>A content type of System.Net.Http or System.Net.Http.Json: it starts with no headers but those its constructor sets.</summary>
    private static bool IsFrameworkContentType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        if (ns is { Name: "Json" })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "Http", ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
    }

    /// <summary>Locals that hold the original content (<c>var original = response.Content;</c>) or its headers, stored once before the assignment.</summary>
    private void CollectAliases()
    {
        var stores = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        var start = Assignment.Syntax.SpanStart;
        foreach (var op in _operations)
        {
            if (ResponseBodySwap.TryGetLocalStore(op, out var local, out _) && local is not null)
            {
                stores[local] = stores.TryGetValue(local, out var n) ? n + 1 : 1;
            }
        }

        foreach (var op in _operations)
        {
            if (op.Syntax.SpanStart < start
                && ResponseBodySwap.TryGetLocalStore(op, out var local, out var value) && local is not null
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

    /// <summary>
    /// True for a read that hands out the content's stream (<c>ReadAsStream</c>, <c>ReadAsStreamAsync</c>), or an extension
    /// method that may (a helper of the application's own, <c>ReadFromJsonAsync</c>): once the content is buffered, the content
    /// hands that same stream to every later reader, left at its end (or disposed) by this one.
    /// </summary>
    public static bool IsStreamRead(IInvocationOperation read) => read.TargetMethod.Name is "ReadAsStreamAsync" or "ReadAsStream" || read.TargetMethod.IsExtensionMethod;

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

            if (ResponseBodySwap.TryGetLocalStore(op, out var stored, out var value) && SymbolEqualityComparer.Default.Equals(stored, local))
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

    /// <summary>
    /// The content headers are carried over: a loop over the original's headers, the original's headers handed to a method
    /// (a copy helper, <c>AddRange</c>), or a <c>TryAddWithoutValidation</c>/<c>Add</c> of values taken from them.
    /// </summary>
    private bool CarriesHeaders()
    {
        foreach (var op in FunctionScope.EnumerateAll(Scope))
        {
            switch (op)
            {
                case IForEachLoopOperation loop when ContainsOriginalHeaders(loop.Collection):
                    return true;
                case IArgumentOperation argument when IsOriginalHeaders(argument.Value):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "TryAddWithoutValidation" or "Add" } invocation:
                    foreach (var argument in invocation.Arguments)
                    {
                        if (ContainsOriginalHeaders(argument.Value))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private bool ContainsOriginalHeaders(IOperation? op)
    {
        if (op is null)
        {
            return false;
        }

        if (IsOriginalHeaders(op))
        {
            return true;
        }

        foreach (var descendant in op.Descendants())
        {
            if (IsOriginalHeaders(descendant))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsAsyncFunction()
    {
        var symbol = Scope switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            ILocalFunctionOperation local => local.Symbol,
            _ => Assignment.SemanticModel?.GetEnclosingSymbol(Assignment.Syntax.SpanStart) as IMethodSymbol,
        };
        return symbol is { IsAsync: true };
    }

    /// <summary>A stream read of the original whose stream is used for more than building the new content.</summary>
    private bool KeepsReadingAStream()
    {
        foreach (var read in _reads)
        {
            if (IsStreamRead(read) && !FeedsOnlyTheNewContent(read))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The read's value goes straight into the new content's constructor, or into a local used only there.</summary>
    private bool FeedsOnlyTheNewContent(IOperation read)
    {
        var value = read;
        while (value.Parent is IAwaitOperation or IConversionOperation
            || (value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == value))
        {
            value = value.Parent;
        }

        if (value.Parent is IArgumentOperation { Parent: { } creation } && creation == NewContent)
        {
            return true;
        }

        if (value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            var span = NewContent.Syntax.Span;
            foreach (var op in _operations)
            {
                if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol) && !span.Contains(op.Syntax.Span))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    private static ContentFlow Max(ContentFlow a, ContentFlow b) => a > b ? a : b;

    /// <summary>Two paths: the body on one and something else on the other is not the body.</summary>
    private static ContentFlow Merge(ContentFlow a, ContentFlow b)
        => a == b ? a : a == ContentFlow.None || b == ContentFlow.None ? ContentFlow.Transformed : Max(a, b);
}
