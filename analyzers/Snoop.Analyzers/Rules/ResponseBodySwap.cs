using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>How the original response body is put back after a swap.</summary>
internal enum RestoreKind
{
    /// <summary>No restore of the kept original is found in the function.</summary>
    Never,

    /// <summary>Restored in a <c>finally</c> block: correct.</summary>
    Finally,

    /// <summary>Restored only by a statement that an exception skips.</summary>
    SuccessPathOnly,

    /// <summary>Restored only in a <c>catch</c> block.</summary>
    CatchOnly,

    /// <summary>Restored on the success path and in a <c>catch</c>: every path is covered.</summary>
    SuccessAndCatch,

    /// <summary>The original is handed to something we cannot follow (a helper, a nested function, a field): assume it is restored.</summary>
    Delegated,
}

/// <summary>
/// A replacement of the response body found in one function (method, lambda or local function):
/// <c>response.Body = x</c> or <c>features.Set&lt;IHttpResponseBodyFeature&gt;(x)</c>, with the local that keeps the original.
/// Shared by SNOOP001 and SNOOP002 (and their fixers), which is why it records syntax as well as operations.
/// </summary>
internal sealed partial class ResponseBodySwap
{
    private ResponseBodySwap(IOperation swap, IOperation scope, IOperation httpContext, IOperation? response, ILocalSymbol original, IOperation originalRead, bool isFeature, IOperation newValue, bool originalIsFeature)
    {
        OriginalIsFeature = originalIsFeature;
        Swap = swap;
        Scope = scope;
        HttpContext = httpContext;
        Response = response;
        Original = original;
        OriginalRead = originalRead;
        IsFeatureSwap = isFeature;
        NewValue = newValue;
    }

    /// <summary>The assignment <c>response.Body = x</c> or the <c>Features.Set</c> invocation.</summary>
    public IOperation Swap { get; }

    /// <summary>The function the swap lives in: the root of an operation block, a lambda or a local function.</summary>
    public IOperation Scope { get; }

    /// <summary>The <c>HttpContext</c> whose response is swapped (as an operation; may be an implicit receiver).</summary>
    public IOperation HttpContext { get; }

    /// <summary>The <c>HttpResponse</c> instance of a body swap; null for a feature swap.</summary>
    public IOperation? Response { get; }

    /// <summary>The local keeping the original body (or the original body feature).</summary>
    public ILocalSymbol Original { get; }

    /// <summary>The read of the original (<c>response.Body</c> or <c>Features.Get&lt;IHttpResponseBodyFeature&gt;()</c>).</summary>
    public IOperation OriginalRead { get; }

    /// <summary>True when <see cref="Original"/> keeps the body feature rather than the body stream.</summary>
    public bool OriginalIsFeature { get; }

    /// <summary>True for <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(x)</c>.</summary>
    public bool IsFeatureSwap { get; }

    /// <summary>The value installed (conversions removed).</summary>
    public IOperation NewValue { get; }

    /// <summary>The syntax of the swap statement, when the swap is a whole expression statement.</summary>
    public ExpressionStatementSyntax? SwapStatement => Swap.Syntax.Parent as ExpressionStatementSyntax;

    /// <summary>Recognizes <paramref name="assignment"/> as <c>response.Body = x</c> with the original kept in a local of the same function.</summary>
    public static ResponseBodySwap? FromAssignment(ISimpleAssignmentOperation assignment, KnownTypes types)
    {
        if (assignment.Target is not IPropertyReferenceOperation target || !IsBodyProperty(target.Property, types) || target.Instance is null)
        {
            return null;
        }

        var value = OperationFacts.Unwrap(assignment.Value);
        if (value is null || value.Kind == OperationKind.Invalid || IsBodyRead(value, types))
        {
            return null;
        }

        var httpContext = GetHttpContextOfResponse(target.Instance, types);
        if (httpContext is null || IsTestContext(httpContext, types) || IsTestContext(target.Instance, types))
        {
            return null;
        }

        var scope = FunctionScope.GetScope(assignment);
        var swapPosition = assignment.Syntax.SpanStart;

        // The original: a local initialized (or assigned) from the same response's Body, or from Features.Get<IHttpResponseBodyFeature>().
        foreach (var op in FunctionScope.EnumerateOwn(scope))
        {
            if (op.Syntax.SpanStart >= swapPosition)
            {
                continue;
            }

            if (OperationFacts.TryGetLocalStore(op, out var local, out var stored) && local is not null && stored is not null)
            {
                if (stored is IPropertyReferenceOperation read && IsBodyProperty(read.Property, types) && read.Instance is not null && OperationFacts.SameInstance(read.Instance, target.Instance))
                {
                    if (SymbolEqualityComparer.Default.Equals(local, (value as ILocalReferenceOperation)?.Local))
                    {
                        continue;
                    }

                    return new ResponseBodySwap(assignment, scope, httpContext, target.Instance, local, read, isFeature: false, value, originalIsFeature: false);
                }

                if (IsFeatureGet(stored, types, out var features) && OperationFacts.SameInstance(GetHttpContextOfFeatures(features, types), httpContext))
                {
                    if (IsFeatureStream(value, local))
                    {
                        // response.Body = originalFeature.Stream puts the original back.
                        continue;
                    }

                    return new ResponseBodySwap(assignment, scope, httpContext, target.Instance, local, stored, isFeature: false, value, originalIsFeature: true);
                }
            }
        }

        return null;
    }

    /// <summary>Recognizes <c>features.Set&lt;IHttpResponseBodyFeature&gt;(x)</c> with the original feature kept in a local.</summary>
    public static ResponseBodySwap? FromFeatureSet(IInvocationOperation invocation, KnownTypes types)
    {
        if (!IsBodyFeatureCall(invocation, types, "Set") || invocation.Arguments.Length != 1 || invocation.Instance is null)
        {
            return null;
        }

        var value = OperationFacts.Unwrap(invocation.Arguments[0].Value);
        if (value is null || value.Kind == OperationKind.Invalid || value.ConstantValue.HasValue)
        {
            return null;
        }

        var httpContext = GetHttpContextOfFeatures(invocation.Instance, types);
        if (httpContext is null || IsTestContext(httpContext, types))
        {
            return null;
        }

        var scope = FunctionScope.GetScope(invocation);
        var position = invocation.Syntax.SpanStart;
        foreach (var op in FunctionScope.EnumerateOwn(scope))
        {
            if (op.Syntax.SpanStart < position
                && OperationFacts.TryGetLocalStore(op, out var local, out var stored) && local is not null && stored is not null
                && IsPreviousFeatureRead(stored, types, out var features)
                && OperationFacts.SameInstance(GetHttpContextOfFeatures(features, types), httpContext))
            {
                if (value is ILocalReferenceOperation valueLocal && SymbolEqualityComparer.Default.Equals(valueLocal.Local, local))
                {
                    return null;
                }

                return new ResponseBodySwap(invocation, scope, httpContext, response: null, local, stored, isFeature: true, value, originalIsFeature: true);
            }
        }

        return null;
    }

    /// <summary>Every put-back of the original found in the function: <c>response.Body = original</c> or <c>Features.Set(originalFeature)</c>.</summary>
    public List<IOperation> FindRestores(KnownTypes types)
    {
        var restores = new List<IOperation>();
        foreach (var op in FunctionScope.EnumerateOwn(Scope))
        {
            if (IsRestore(op, types))
            {
                restores.Add(op);
            }
        }

        return restores;
    }

    /// <summary>True when <paramref name="op"/> puts the kept original back.</summary>
    public bool IsRestore(IOperation op, KnownTypes types)
    {
        if (op is ISimpleAssignmentOperation assignment
            && assignment.Target is IPropertyReferenceOperation target && IsBodyProperty(target.Property, types) && target.Instance is not null
            && (OperationFacts.IsLocal(assignment.Value, Original) || (OriginalIsFeature && IsFeatureStream(assignment.Value, Original)))
            && OperationFacts.SameInstance(GetHttpContextOfResponse(target.Instance, types), HttpContext))
        {
            return true;
        }

        return op is IInvocationOperation invocation
            && IsBodyFeatureCall(invocation, types, "Set") && invocation.Arguments.Length == 1 && invocation.Instance is not null
            && OperationFacts.IsLocal(invocation.Arguments[0].Value, Original)
            && OperationFacts.SameInstance(GetHttpContextOfFeatures(invocation.Instance, types), HttpContext);
    }

    /// <summary>
    /// True when the function hands back a task without awaiting it (<c>Task Invoke(...) =&gt; _next(context)</c>): a scope or
    /// finally there ends before the next component runs, so neither fix applies.
    /// </summary>
    public bool ReturnsTaskWithoutAwaiting(KnownTypes types) => ReturnsTaskWithoutAwaiting(Swap, types);

    /// <summary>See <see cref="ReturnsTaskWithoutAwaiting(KnownTypes)"/>, for the function holding <paramref name="swap"/>.</summary>
    public static bool ReturnsTaskWithoutAwaiting(IOperation swap, KnownTypes types)
    {
        var method = swap.SemanticModel?.GetEnclosingSymbol(swap.Syntax.SpanStart) as IMethodSymbol;
        if (method is null || method.IsAsync || method.ReturnsVoid)
        {
            return false;
        }

        var returnType = method.ReturnType;
        return KnownTypes.InheritsFromOrEquals(returnType, types.Task)
            || KnownTypes.InheritsFromOrEquals(returnType, types.ValueTask)
            || returnType.OriginalDefinition.Name == "ValueTask";
    }

    /// <summary><c>feature.Stream</c> on the kept feature local.</summary>
    private static bool IsFeatureStream(IOperation? value, ILocalSymbol feature)
        => OperationFacts.Unwrap(value) is IPropertyReferenceOperation { Property.Name: "Stream" } property && OperationFacts.IsLocal(property.Instance, feature);

    private static bool IsAssignmentTargetOf(IOperation op) => op.Parent is IAssignmentOperation assignment && assignment.Target == op;

    // ---------------------------------------------------------------- helpers shared by the rules

    /// <summary>
    /// The site filter that SNOOP001, SNOOP002 and SNOOP007 share for <c>Body</c> assignments (one instance per
    /// compilation; see <see cref="RuleStartContext.RegisterAssignmentAction"/>): a store to <c>HttpResponse.Body</c> whose
    /// response is not test set-up's (<see cref="IsTestContext"/>). Most <c>Body</c> assignments in an application are
    /// to other types' <c>Body</c>, or to a <c>DefaultHttpContext</c>'s response in tests, and none of the three rules
    /// looks further at those, so the host asks once per site instead of each rule asking.
    /// </summary>
    public static Func<IOperation, bool> ResponseBodyStoreFilter(KnownTypes types)
        => types.GetResponseBodyStoreFilter(static known => op => IsResponseBodyStore(op, known));

    /// <summary>See <see cref="ResponseBodyStoreFilter"/>.</summary>
    private static bool IsResponseBodyStore(IOperation op, KnownTypes types)
        => op is ISimpleAssignmentOperation assignment
            && OperationFacts.Unwrap(assignment.Target) is IPropertyReferenceOperation target
            && IsBodyProperty(target.Property, types)
            && !IsTestContext(GetHttpContextOfResponse(target.Instance, types), types);

    public static bool IsBodyProperty(IPropertySymbol? property, KnownTypes types)
        => property is { Name: "Body" } && SymbolEqualityComparer.Default.Equals(property.ContainingType, types.HttpResponse);

    /// <summary>True for a read of <c>HttpResponse.Body</c>.</summary>
    public static bool IsBodyRead(IOperation? op, KnownTypes types)
        => OperationFacts.Unwrap(op) is IPropertyReferenceOperation property && IsBodyProperty(property.Property, types);

    /// <summary><c>features.Get&lt;IHttpResponseBodyFeature&gt;()</c>; <paramref name="features"/> is the collection instance.</summary>
    public static bool IsFeatureGet(IOperation? op, KnownTypes types, out IOperation? features)
    {
        features = null;
        if (OperationFacts.Unwrap(op) is IInvocationOperation invocation && IsBodyFeatureCall(invocation, types, "Get") && invocation.Instance is not null)
        {
            features = invocation.Instance;
            return true;
        }

        return false;
    }

    /// <summary>
    /// <c>features.Get&lt;IHttpResponseBodyFeature&gt;()</c> or <c>features.Set&lt;IHttpResponseBodyFeature&gt;(...)</c> (by
    /// <paramref name="name"/>) on an <c>IFeatureCollection</c> or a type implementing it (<c>FeatureCollection</c>).
    /// </summary>
    public static bool IsBodyFeatureCall(IInvocationOperation invocation, KnownTypes types, string name)
    {
        var method = invocation.TargetMethod;
        return method.Name == name
            && method.TypeArguments.Length == 1
            && SymbolEqualityComparer.Default.Equals(method.TypeArguments[0], types.IHttpResponseBodyFeature)
            && SymbolFacts.IsOrImplements(method.ContainingType, types.IFeatureCollection);
    }

    /// <summary>The <c>HttpContext</c> behind an <c>HttpResponse</c> expression: <c>ctx</c> in <c>ctx.Response</c>, else the response itself.</summary>
    public static IOperation? GetHttpContextOfResponse(IOperation? response, KnownTypes types)
    {
        var unwrapped = OperationFacts.Unwrap(response);
        if (unwrapped is IPropertyReferenceOperation { Property.Name: "Response", Instance: { } instance } property
            && KnownTypes.InheritsFromOrEquals(property.Property.ContainingType, types.HttpContext))
        {
            return instance;
        }

        return unwrapped;
    }

    internal static IOperation? GetHttpContextOfFeatures(IOperation? features, KnownTypes types)
    {
        var unwrapped = OperationFacts.Unwrap(features);
        if (unwrapped is IPropertyReferenceOperation { Property.Name: "Features", Instance: { } instance } property
            && KnownTypes.InheritsFromOrEquals(property.Property.ContainingType, types.HttpContext))
        {
            return instance;
        }

        return unwrapped;
    }

    /// <summary>A <c>DefaultHttpContext</c> built by the code itself (test set-up), anywhere along the receiver chain.</summary>
    internal static bool IsTestContext(IOperation? op, KnownTypes types)
    {
        // Bounded: locals initialized from locals (var response = context.Response) are followed a few steps.
        var steps = 0;
        for (var current = OperationFacts.Unwrap(op); current is not null && steps++ < 8;)
        {
            if (KnownTypes.InheritsFromOrEquals(current.Type, types.DefaultHttpContext))
            {
                return true;
            }

            switch (current)
            {
                case IPropertyReferenceOperation property:
                    // HttpContext Context { get; } = new DefaultHttpContext(); in a test class.
                    if (InitializerType(property.Property, current.SemanticModel) is { } propertyInitType && KnownTypes.InheritsFromOrEquals(propertyInitType, types.DefaultHttpContext))
                    {
                        return true;
                    }

                    current = OperationFacts.Unwrap(property.Instance);
                    break;
                case IFieldReferenceOperation field:
                    // HttpContext _context = new DefaultHttpContext(); in a test class.
                    return KnownTypes.InheritsFromOrEquals(field.Field.Type, types.DefaultHttpContext)
                        || InitializerType(field.Field, current.SemanticModel) is { } fieldInitType && KnownTypes.InheritsFromOrEquals(fieldInitType, types.DefaultHttpContext);
                case ILocalReferenceOperation local:
                    if (KnownTypes.InheritsFromOrEquals(local.Local.Type, types.DefaultHttpContext)
                        || InitializerType(local.Local, current.SemanticModel) is { } initType && KnownTypes.InheritsFromOrEquals(initType, types.DefaultHttpContext))
                    {
                        return true;
                    }

                    // var response = context.Response; where context is a DefaultHttpContext.
                    current = OperationFacts.DeclaredValue(local.Local, current.SemanticModel);
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static ExpressionSyntax? InitializerSyntax(ISymbol symbol, SemanticModel? model)
        => model is null ? null : SymbolFacts.DeclaredInitializer(symbol, model.SyntaxTree);

    private static ITypeSymbol? InitializerType(ISymbol symbol, SemanticModel? model)
        => InitializerSyntax(symbol, model) is { } value ? model!.GetTypeInfo(value).Type : null;

    /// <summary><c>x.CopyTo(original)</c>, <c>x.CopyToAsync(original)</c>, <c>ms.WriteTo(original)</c>: an argument to a stream's copy method.</summary>
    private static bool IsStreamCopyArgument(IArgumentOperation argument, KnownTypes types)
        => argument.Parent is IInvocationOperation invocation
            && invocation.TargetMethod.Name is "CopyTo" or "CopyToAsync" or "WriteTo"
            && KnownTypes.InheritsFromOrEquals(invocation.TargetMethod.ContainingType, types.Stream);
}
