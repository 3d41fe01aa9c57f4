using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>What happens to the buffered bytes on their way back to the original body.</summary>
internal enum CopyBack
{
    /// <summary>Copied back unchanged (<c>CopyToAsync(original)</c>, <c>WriteAsync(ms.ToArray())</c>...).</summary>
    Unchanged,

    /// <summary>Something other than the buffered bytes is written to the original (envelope, minifier, injection).</summary>
    Changed,

    /// <summary>Nothing is copied back.</summary>
    Missing,

    /// <summary>The buffer or the original is used in a way the fix does not understand.</summary>
    Unknown,
}

/// <summary>How the code consumed the buffer; the fix maps each onto the capture.</summary>
internal enum Consumption
{
    /// <summary><c>new StreamReader(ms).ReadToEnd[Async]()</c> or <c>encoding.GetString(ms.ToArray())</c>: becomes <c>capture.GetBodyText()</c>.</summary>
    Text,

    /// <summary><c>ms.ToArray()</c>: becomes <c>capture.Body.ToArray()</c>.</summary>
    Bytes,

    /// <summary><c>ms.Length</c>: becomes <c>capture.BytesWritten</c>.</summary>
    Length,
}

/// <summary>One expression the fix replaces by a read of the capture.</summary>
internal readonly struct Replacement
{
    public Replacement(ExpressionSyntax node, Consumption kind, ExpressionSyntax? encoding)
    {
        Node = node;
        Kind = kind;
        Encoding = encoding;
    }

    /// <summary>The expression to replace.</summary>
    public ExpressionSyntax Node { get; }

    /// <summary>What it becomes.</summary>
    public Consumption Kind { get; }

    /// <summary>For text read through an explicit non-UTF-8 encoding, that encoding.</summary>
    public ExpressionSyntax? Encoding { get; }
}

/// <summary>
/// SNOOP001's analysis of one "buffer the response body" block, and the plan its fix carries out:
/// which statements disappear (original kept, buffer, swap, rewinds, copy-back, restores) and which
/// expressions now read the capture. Computed by the analyzer (to decide fix or no fix) and again by the fixer (for the nodes).
/// </summary>
internal sealed class BufferedBodyPlan
{
    private readonly HashSet<SyntaxNode> _removals = new();
    private readonly List<Replacement> _replacements = new();

    private BufferedBodyPlan(ResponseBodySwap swap, ITypeSymbol bufferType)
    {
        Swap = swap;
        BufferType = bufferType;
    }

    public ResponseBodySwap Swap { get; }

    /// <summary>The buffering stream type (for the message).</summary>
    public ITypeSymbol BufferType { get; }

    public CopyBack CopyBack { get; private set; } = CopyBack.Unknown;

    /// <summary>
    /// True when status or headers are set after the next component ran: that works only while the body is held back,
    /// so streaming the response through would make it throw ("headers are read-only").
    /// </summary>
    public bool HeadersChangedAfterHandler { get; private set; }

    /// <summary>True when every precondition of the fix holds.</summary>
    public bool IsFixable { get; private set; }

    /// <summary>The buffer local, when the swap installs a local.</summary>
    public ILocalSymbol? Buffer { get; private set; }

    /// <summary>The declaration of the buffer: a local declaration statement (removed) or a using statement (re-purposed).</summary>
    public StatementSyntax? BufferDeclaration { get; private set; }

    /// <summary>Statements the fix removes, the swap statement included.</summary>
    public IReadOnlyCollection<SyntaxNode> Removals => _removals;

    /// <summary>Expressions the fix replaces by reads of the capture.</summary>
    public IReadOnlyList<Replacement> Replacements => _replacements;

    /// <summary>True when the code reads the buffered bytes (text or bytes): body capture; else metrics capture.</summary>
    public bool NeedsBody
    {
        get
        {
            foreach (var replacement in _replacements)
            {
                if (replacement.Kind != Consumption.Length)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The <c>HttpContext</c> to hand to the capture (syntax), and whether <c>.HttpContext</c> must be appended (it is a response).</summary>
    public ExpressionSyntax? HttpContextSyntax { get; private set; }

    public bool HttpContextIsResponse { get; private set; }

    /// <summary>True when the function is async (<c>await using</c>).</summary>
    public bool IsAsync { get; private set; }

    /// <summary>A free name for the capture local.</summary>
    public string CaptureName { get; private set; } = "capture";

    /// <summary>Comma-separated consumption kinds, for the diagnostic properties.</summary>
    public string DescribeConsumption()
    {
        var text = false;
        var bytes = false;
        var length = false;
        foreach (var replacement in _replacements)
        {
            text |= replacement.Kind == Consumption.Text;
            bytes |= replacement.Kind == Consumption.Bytes;
            length |= replacement.Kind == Consumption.Length;
        }

        var parts = new List<string>();
        if (text)
        {
            parts.Add("text");
        }

        if (bytes)
        {
            parts.Add("bytes");
        }

        if (length)
        {
            parts.Add("length");
        }

        return string.Join(",", parts);
    }

    /// <summary>Builds the plan; null when the swap does not install a buffering stream (then SNOOP001 does not apply).</summary>
    public static BufferedBodyPlan? Create(ResponseBodySwap swap, KnownTypes types, CancellationToken cancellationToken)
    {
        if (swap.IsFeatureSwap || swap.Response is null)
        {
            return null;
        }

        var bufferType = GetBufferType(swap.NewValue, swap.Scope, types);
        if (bufferType is null)
        {
            return null;
        }

        var plan = new BufferedBodyPlan(swap, bufferType);
        plan.Analyze(types, cancellationToken);
        return plan;
    }

    private static bool IsBuffering(ITypeSymbol? type, KnownTypes types)
        => KnownTypes.InheritsFromOrEquals(type, types.MemoryStream)
            || KnownTypes.InheritsFromOrEquals(type, types.RecyclableMemoryStream)
            || KnownTypes.InheritsFromOrEquals(type, types.FileStream);

    private static ITypeSymbol? GetBufferType(IOperation value, IOperation scope, KnownTypes types)
    {
        if (IsBuffering(value.Type, types))
        {
            return value.Type;
        }

        if (value is ILocalReferenceOperation reference)
        {
            foreach (var op in ResponseBodySwap.EnumerateOwn(scope))
            {
                if (ResponseBodySwap.TryGetLocalStore(op, out var local, out var stored)
                    && SymbolEqualityComparer.Default.Equals(local, reference.Local)
                    && IsBuffering(stored?.Type, types))
                {
                    return stored!.Type;
                }
            }
        }

        return null;
    }

    private void Analyze(KnownTypes types, CancellationToken cancellationToken)
    {
        var swap = Swap;
        var structural = true;
        var unknown = false;
        var changed = false;
        var copiedBack = false;
        var responseWrittenAfterRestore = false;

        Buffer = (swap.NewValue as ILocalReferenceOperation)?.Local;
        structural &= Buffer is not null && !swap.OriginalIsFeature;

        var swapStatement = swap.SwapStatement;
        structural &= swapStatement is not null && swapStatement.Parent is BlockSyntax && !swap.Scope.Syntax.ContainsDirectives;
        if (swapStatement is not null)
        {
            _removals.Add(swapStatement);
        }

        // The original's declaration: `var original = context.Response.Body;` (one declarator, not a using).
        if (GetDeclarationStatement(swap.OriginalRead.Syntax) is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } originalDeclaration
            && originalDeclaration.Declaration.Variables.Count == 1)
        {
            _removals.Add(originalDeclaration);
        }
        else
        {
            structural = false;
        }

        // The buffer's declaration.
        if (Buffer is not null)
        {
            foreach (var op in ResponseBodySwap.EnumerateOwn(swap.Scope))
            {
                if (op is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, Buffer))
                {
                    BufferDeclaration = GetDeclarationStatement(declarator.Syntax);
                    break;
                }
            }

            switch (BufferDeclaration)
            {
                case LocalDeclarationStatementSyntax local when local.Declaration.Variables.Count == 1:
                    _removals.Add(local);
                    break;
                case UsingStatementSyntax { Declaration.Variables.Count: 1, Statement: BlockSyntax body } when swapStatement is not null && IsWithin(swapStatement, body):
                    break;
                default:
                    structural = false;
                    break;
            }
        }

        // Restores: `context.Response.Body = original;` statements disappear.
        var swapPosition = swap.Swap.Syntax.SpanStart;
        var restorePositions = new List<(int Position, bool InCatch)>();
        foreach (var restore in swap.FindRestores(types))
        {
            if (restore.Syntax.Parent is ExpressionStatementSyntax statement)
            {
                _removals.Add(statement);
                restorePositions.Add((restore.Syntax.SpanStart, ResponseBodySwap.IsInCatch(restore.Syntax, swap.Scope.Syntax)));
            }
            else
            {
                structural = false;
            }
        }

        // Pass 1: statements that only move bytes around (rewinds, copy-back, dispose) disappear.
        foreach (var op in ResponseBodySwap.EnumerateAll(swap.Scope))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var use = OperationFacts.Climb(op);
            if (IsBufferReference(op, types, swapPosition, restorePositions))
            {
                switch (use.Parent)
                {
                    case IInvocationOperation invocation when invocation.Instance == use:
                        var name = invocation.TargetMethod.Name;
                        if ((name == "Seek" && IsRewind(invocation))
                            || name is "Dispose" or "DisposeAsync" or "Flush" or "FlushAsync")
                        {
                            AddStandalone(invocation, ref unknown);
                        }
                        else if (name is "CopyTo" or "CopyToAsync" or "WriteTo" && invocation.Arguments.Length >= 1)
                        {
                            if (IsOriginalReference(invocation.Arguments[0].Value, types, swapPosition, restorePositions))
                            {
                                AddStandalone(invocation, ref unknown);
                                copiedBack = true;
                            }
                            else
                            {
                                unknown = true;
                            }
                        }

                        break;
                    case IPropertyReferenceOperation { Property.Name: "Position" } position when position.Instance == use
                        && position.Parent is ISimpleAssignmentOperation assignment && assignment.Target == position
                        && IsZero(assignment.Value) && assignment.Syntax.Parent is ExpressionStatementSyntax rewind:
                        _removals.Add(rewind);
                        break;
                }
            }
            else if (IsOriginalReference(op, types, swapPosition, restorePositions))
            {
                switch (use.Parent)
                {
                    case IInvocationOperation invocation when invocation.Instance == use
                        && invocation.TargetMethod.Name is "Write" or "WriteAsync" && invocation.Arguments.Length >= 1:
                        var written = OperationFacts.Unwrap(invocation.Arguments[0].Value);
                        if (written is IInvocationOperation { TargetMethod.Name: "ToArray" or "GetBuffer" } array
                            && array.Instance is not null && IsBufferReference(array.Instance, types, swapPosition, restorePositions))
                        {
                            AddStandalone(invocation, ref unknown);
                            copiedBack = true;
                        }
                        else
                        {
                            changed = true;
                        }

                        break;
                    case IInvocationOperation invocation when invocation.Instance == use:
                        unknown = true;
                        break;
                    case IArgumentOperation { Parent: IObjectCreationOperation }:
                        // new StreamWriter(original), new GZipStream(original, ...): something else is written.
                        changed = true;
                        break;
                    case IArgumentOperation { Parent: IInvocationOperation copy } when copy.TargetMethod.Name is "CopyTo" or "CopyToAsync" or "WriteTo":
                        if (copy.Instance is null || !IsBufferReference(copy.Instance, types, swapPosition, restorePositions))
                        {
                            changed = true;
                        }

                        break;
                }
            }
            else if (op is IInvocationOperation write && write.TargetMethod.Name.StartsWith("Write", System.StringComparison.Ordinal)
                && IsAfterRestore(op.Syntax.SpanStart, swapPosition, restorePositions)
                && (OperationFacts.SameInstance(write.Instance, swap.Response)
                    || (write.TargetMethod.IsExtensionMethod && write.Arguments.Length > 0 && OperationFacts.SameInstance(write.Arguments[0].Value, swap.Response))))
            {
                responseWrittenAfterRestore = true;
            }
        }

        // Pass 2: what is left must be a consumption the capture can serve.
        var readers = new List<ILocalSymbol>();
        foreach (var op in ResponseBodySwap.EnumerateAll(swap.Scope))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsRemoved(op.Syntax))
            {
                continue;
            }

            if (op is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } other
                && ResponseBodySwap.IsBodyProperty(target.Property, types) && other != swap.Swap && !swap.IsRestore(other, types))
            {
                unknown = true;
            }
            else if (IsBufferReference(op, types, swapPosition, restorePositions))
            {
                // A read in a callback (OnCompleted...) would run after the capture is disposed: leave it to a human.
                if (ResponseBodySwap.IsInNestedFunction(op, swap.Scope) || !TryAddConsumption(op, types, readers))
                {
                    unknown = true;
                }
            }
            else if (IsOriginalReference(op, types, swapPosition, restorePositions) && op != swap.OriginalRead)
            {
                unknown = true;
            }
            else if (op is IArgumentOperation argument && op.Syntax.SpanStart > swapPosition && HandsOverTheResponse(argument))
            {
                // FormatResponse(context.Response) may read the buffer through Response.Body: we cannot follow it.
                unknown = true;
            }
        }

        // The StreamReader locals: every use must be ReadToEnd[Async]().
        foreach (var reader in readers)
        {
            foreach (var op in ResponseBodySwap.EnumerateAll(swap.Scope))
            {
                if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, reader))
                {
                    if (reference.Parent is IInvocationOperation { TargetMethod.Name: "ReadToEnd" or "ReadToEndAsync", Arguments.Length: 0 } read
                        && read.Instance == reference && ClimbAwait(read) is { } text && (text is IAwaitOperation || read.TargetMethod.Name == "ReadToEnd")
                        && text.Syntax is ExpressionSyntax textSyntax)
                    {
                        _replacements.Add(new Replacement(textSyntax, Consumption.Text, encoding: null));
                    }
                    else
                    {
                        unknown = true;
                    }
                }
            }
        }

        HeadersChangedAfterHandler = ChangesHeadersAfterTheHandler(types, swapPosition);

        CopyBack = changed || (!copiedBack && responseWrittenAfterRestore) ? CopyBack.Changed
            : unknown ? CopyBack.Unknown
            : copiedBack ? CopyBack.Unchanged
            : CopyBack.Missing;

        if (swap.HttpContext.Syntax is ExpressionSyntax httpContext && !swap.HttpContext.IsImplicit && !IsDeclaredNullable(swap.HttpContext))
        {
            HttpContextSyntax = httpContext;
            HttpContextIsResponse = OperationFacts.SameInstance(swap.HttpContext, swap.Response);
        }
        else
        {
            structural = false;
        }

        var model = swap.Swap.SemanticModel;
        if (model is not null)
        {
            IsAsync = model.GetEnclosingSymbol(swapPosition, cancellationToken) is IMethodSymbol { IsAsync: true };
            CaptureName = ChooseCaptureName(model, swapPosition);
        }
        else
        {
            structural = false;
        }

        foreach (var removal in _removals)
        {
            // Only whole statements of a block can go (an embedded `if (x) ms.Position = 0;` cannot).
            structural &= removal.Parent is BlockSyntax;
        }

        // Every read of the capture must sit in the capture's scope: after the swap, in the block that will hold it.
        var captureBlock = BufferDeclaration is UsingStatementSyntax { Statement: BlockSyntax usingBody } ? usingBody : swapStatement?.Parent as BlockSyntax;
        foreach (var replacement in _replacements)
        {
            structural &= captureBlock is not null && replacement.Node.SpanStart > swapPosition && IsWithin(replacement.Node, captureBlock);
        }

        structural &= !swap.ReturnsTaskWithoutAwaiting(types);
        IsFixable = structural && CopyBack == CopyBack.Unchanged && !HeadersChangedAfterHandler;
    }

    private bool ChangesHeadersAfterTheHandler(KnownTypes types, int swapPosition)
    {
        // The handler: the first delegate invocation after the swap (next(), _next(context), next(context)).
        var handlerEnd = -1;
        foreach (var op in ResponseBodySwap.EnumerateOwn(Swap.Scope))
        {
            if (op.Syntax.SpanStart > swapPosition && op is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke })
            {
                handlerEnd = op.Syntax.Span.End;
                break;
            }
        }

        if (handlerEnd < 0)
        {
            return false;
        }

        foreach (var op in ResponseBodySwap.EnumerateOwn(Swap.Scope))
        {
            if (op.Syntax.SpanStart < handlerEnd)
            {
                continue;
            }

            switch (op)
            {
                case IAssignmentOperation { Target: IPropertyReferenceOperation target } when !ResponseBodySwap.IsBodyProperty(target.Property, types) && IsOnTheResponse(target):
                    return true;
                case IInvocationOperation invocation when invocation.Instance is IPropertyReferenceOperation { Property.Name: "Headers" } headers && IsOnTheResponse(headers)
                    && invocation.TargetMethod.Name is "Add" or "Append" or "Remove" or "Clear" or "TryAdd" or "Set":
                    return true;
            }
        }

        return false;
    }

    /// <summary><c>response.StatusCode</c>, <c>response.Headers[...]</c>, <c>response.Headers.ContentType</c>: a member reached from the swapped response.</summary>
    private bool IsOnTheResponse(IPropertyReferenceOperation property)
    {
        for (IOperation? current = property.Instance; current is not null;)
        {
            if (OperationFacts.SameInstance(current, Swap.Response))
            {
                return true;
            }

            current = OperationFacts.Unwrap(current) is IPropertyReferenceOperation parent ? parent.Instance : null;
        }

        return false;
    }

    private string ChooseCaptureName(SemanticModel model, int position)
    {
        var taken = new HashSet<string>();
        foreach (var op in ResponseBodySwap.EnumerateAll(Swap.Scope))
        {
            if (op is IVariableDeclaratorOperation declarator)
            {
                taken.Add(declarator.Symbol.Name);
            }
        }

        foreach (var candidate in new[] { "capture", "responseCapture", "snoopCapture" })
        {
            if (!taken.Contains(candidate) && model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }

        for (var i = 2; ; i++)
        {
            var candidate = "capture" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate) && model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }
    }

    private bool TryAddConsumption(IOperation op, KnownTypes types, List<ILocalSymbol> readers)
    {
        var use = OperationFacts.Climb(op);
        switch (use.Parent)
        {
            // new StreamReader(buffer[, ...]).ReadToEnd[Async]()  or  var reader = new StreamReader(buffer);
            case IArgumentOperation { Parent: IObjectCreationOperation creation } argument
                when argument.Parameter?.Ordinal == 0 && KnownTypes.InheritsFromOrEquals(creation.Type, types.StreamReader):
                var created = OperationFacts.Climb(creation);
                if (created.Parent is IInvocationOperation { TargetMethod.Name: "ReadToEnd" or "ReadToEndAsync", Arguments.Length: 0 } read && read.Instance == created)
                {
                    var text = ClimbAwait(read);
                    if ((text is IAwaitOperation || read.TargetMethod.Name == "ReadToEnd") && text.Syntax is ExpressionSyntax textSyntax)
                    {
                        _replacements.Add(new Replacement(textSyntax, Consumption.Text, encoding: null));
                        return true;
                    }

                    return false;
                }

                if (created.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                    && GetDeclarationStatement(declarator.Syntax) is LocalDeclarationStatementSyntax readerDeclaration
                    && readerDeclaration.Declaration.Variables.Count == 1)
                {
                    _removals.Add(readerDeclaration);
                    readers.Add(declarator.Symbol);
                    return true;
                }

                return false;

            case IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 0 } toArray when toArray.Instance == use:
                var array = OperationFacts.Climb(toArray);
                if (array.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "GetString", Arguments.Length: 1 } getString }
                    && KnownTypes.InheritsFromOrEquals(getString.TargetMethod.ContainingType, types.Encoding)
                    && getString.Syntax is ExpressionSyntax getStringSyntax)
                {
                    var encoding = getString.Instance is IPropertyReferenceOperation { Property.Name: "UTF8", Instance: null } ? null : getString.Instance?.Syntax as ExpressionSyntax;
                    _replacements.Add(new Replacement(getStringSyntax, Consumption.Text, encoding));
                    return true;
                }

                if (toArray.Syntax is ExpressionSyntax bytes)
                {
                    _replacements.Add(new Replacement(bytes, Consumption.Bytes, encoding: null));
                    return true;
                }

                return false;

            case IPropertyReferenceOperation { Property.Name: "Length" } length when length.Instance == use && !IsAssignmentTarget(length) && length.Syntax is ExpressionSyntax lengthSyntax:
                _replacements.Add(new Replacement(lengthSyntax, Consumption.Length, encoding: null));
                return true;

            default:
                return false;
        }
    }

    /// <summary>The context or response passed to a method (not the next delegate, not a Write* helper).</summary>
    private bool HandsOverTheResponse(IArgumentOperation argument)
    {
        var value = OperationFacts.Unwrap(argument.Value);
        if (!OperationFacts.SameInstance(value, Swap.HttpContext) && !OperationFacts.SameInstance(value, Swap.Response))
        {
            return false;
        }

        return argument.Parent switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.MethodKind != MethodKind.DelegateInvoke
                && !invocation.TargetMethod.Name.StartsWith("Write", System.StringComparison.Ordinal),
            _ => true,
        };
    }

    /// <summary>True when <paramref name="node"/> is inside <paramref name="block"/> without crossing into a nested function.</summary>
    private static bool IsWithin(SyntaxNode node, BlockSyntax block)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current == block)
            {
                return true;
            }

            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsAssignmentTarget(IOperation op) => op.Parent is IAssignmentOperation assignment && assignment.Target == op;

    /// <summary>The buffer: the local, or <c>response.Body</c> read between the swap and the first restore after it.</summary>
    private bool IsBufferReference(IOperation op, KnownTypes types, int swapPosition, List<(int Position, bool InCatch)> restores)
    {
        if (op is ILocalReferenceOperation local)
        {
            return SymbolEqualityComparer.Default.Equals(local.Local, Buffer);
        }

        if (!IsSameBodyRead(op, types))
        {
            return false;
        }

        var position = op.Syntax.SpanStart;
        if (position <= swapPosition)
        {
            return false;
        }

        foreach (var restore in restores)
        {
            if (restore.Position > swapPosition && restore.Position < position)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The original: the local, or <c>response.Body</c> read after a restore that is not in a catch.</summary>
    private bool IsOriginalReference(IOperation? op, KnownTypes types, int swapPosition, List<(int Position, bool InCatch)> restores)
    {
        op = OperationFacts.Unwrap(op);
        if (op is ILocalReferenceOperation local)
        {
            return SymbolEqualityComparer.Default.Equals(local.Local, Swap.Original);
        }

        return op is not null && IsSameBodyRead(op, types) && IsAfterRestore(op.Syntax.SpanStart, swapPosition, restores);
    }

    private static bool IsAfterRestore(int position, int swapPosition, List<(int Position, bool InCatch)> restores)
    {
        foreach (var restore in restores)
        {
            if (!restore.InCatch && restore.Position > swapPosition && restore.Position < position)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSameBodyRead(IOperation op, KnownTypes types)
        => op is IPropertyReferenceOperation property && ResponseBodySwap.IsBodyProperty(property.Property, types)
            && !IsAssignmentTarget(property) && op != Swap.OriginalRead
            && OperationFacts.SameInstance(property.Instance, Swap.Response);

    private bool IsRemoved(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (_removals.Contains(current))
            {
                return true;
            }

            if (current == Swap.Scope.Syntax)
            {
                break;
            }
        }

        return false;
    }

    private void AddStandalone(IOperation invocation, ref bool unknown)
    {
        if (ClimbAwait(invocation).Parent is IExpressionStatementOperation { Syntax: ExpressionStatementSyntax statement })
        {
            _removals.Add(statement);
        }
        else
        {
            unknown = true;
        }
    }

    private static bool IsRewind(IInvocationOperation seek)
        => seek.Arguments.Length == 2 && IsZero(seek.Arguments[0].Value)
            && OperationFacts.Unwrap(seek.Arguments[1].Value) is { ConstantValue: { HasValue: true, Value: 0 } };

    private static bool IsZero(IOperation value)
        => value.ConstantValue is { HasValue: true, Value: { } constant } && (constant is 0 || constant is 0L);

    /// <summary>From an invocation up through <c>.ConfigureAwait(...)</c> and <c>await</c>.</summary>
    private static IOperation ClimbAwait(IOperation invocation)
    {
        var current = invocation;
        var up = OperationFacts.Climb(current);
        if (up.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == up)
        {
            current = configure;
            up = OperationFacts.Climb(current);
        }

        if (up.Parent is IAwaitOperation awaited)
        {
            current = awaited;
        }

        return current;
    }

    /// <summary>The statement declaring a variable (local declaration or using statement), from its declarator or initializer syntax.</summary>
    private static StatementSyntax? GetDeclarationStatement(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LocalDeclarationStatementSyntax local:
                    return local;
                case UsingStatementSyntax usingStatement:
                    return usingStatement;
                case StatementSyntax or AnonymousFunctionExpressionSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>HttpContext? context</c>: the removed read (<c>context!.Response.Body</c>) may be what proved it not null, and the
    /// capture (or the code after it) would then get nullable warnings, so no fix is offered.
    /// </summary>
    private static bool IsDeclaredNullable(IOperation operation) => OperationFacts.Unwrap(operation) switch
    {
        IParameterReferenceOperation parameter => parameter.Parameter.NullableAnnotation == NullableAnnotation.Annotated,
        IFieldReferenceOperation field => field.Field.NullableAnnotation == NullableAnnotation.Annotated,
        IPropertyReferenceOperation property => property.Property.NullableAnnotation == NullableAnnotation.Annotated,
        ILocalReferenceOperation local => local.Local.NullableAnnotation == NullableAnnotation.Annotated
            && local.Local.DeclaringSyntaxReferences.Length == 1
            && local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: false } },
        _ => false,
    };
}
