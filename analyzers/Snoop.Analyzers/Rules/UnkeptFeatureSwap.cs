using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP002's feature swap without a kept original: <c>context.Features.Set&lt;IHttpResponseBodyFeature&gt;(new X(...))</c>
/// around a call to the next component, in a function that keeps no local of the previous feature. What counts:
/// <list type="bullet">
/// <item>the collection is an <c>HttpContext</c>'s <c>Features</c> (not a <c>FeatureCollection</c> being built), not a test context;</item>
/// <item>the value is created here (<c>new X(...)</c>, directly or through a local used for nothing else);</item>
/// <item>the function is not a constructor (a feature installing itself, as gRPC-Web's does, restores elsewhere) and it
/// calls the next component (a delegate returning a task) after the swap: a helper that only installs
/// (ResponseCaching's and OutputCaching's <c>ShimResponseStream</c>) is not a swap around the pipeline;</item>
/// <item>nothing in the function could put a previous feature back that this rule cannot follow: any later
/// <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(kept)</c> or <c>Response.Body = ...</c> counts as the restore, any
/// <c>Features.Get&lt;IHttpResponseBodyFeature&gt;()</c> outside the new value, or one in a nested function, as delegated.</item>
/// </list>
/// </summary>
internal sealed class UnkeptFeatureSwap
{
    private UnkeptFeatureSwap(IInvocationOperation swap, IOperation scope, IOperation httpContext)
    {
        Swap = swap;
        Scope = scope;
        HttpContext = httpContext;
    }

    /// <summary>The <c>Features.Set</c> invocation.</summary>
    public IInvocationOperation Swap { get; }

    /// <summary>The function the swap lives in.</summary>
    public IOperation Scope { get; }

    /// <summary>The <c>HttpContext</c> whose features are changed.</summary>
    public IOperation HttpContext { get; }

    /// <summary>The swap statement, when the swap is a whole expression statement.</summary>
    public ExpressionStatementSyntax? SwapStatement => Swap.Syntax.Parent as ExpressionStatementSyntax;

    /// <summary>Recognizes an unkept feature swap (see the class summary); null otherwise.</summary>
    public static UnkeptFeatureSwap? From(IInvocationOperation invocation, KnownTypes types)
    {
        if (!ResponseBodySwap.IsBodyFeatureCall(invocation, types, "Set") || invocation.Arguments.Length != 1
            || OperationFacts.Unwrap(invocation.Instance) is not IPropertyReferenceOperation { Property.Name: "Features", Instance: { } httpContext } features
            || !KnownTypes.InheritsFromOrEquals(features.Property.ContainingType, types.HttpContext)
            || ResponseBodySwap.IsTestContext(httpContext, types))
        {
            return null;
        }

        var scope = FunctionScope.GetScope(invocation);
        if (invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart) is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
            || !IsCreatedHere(OperationFacts.Unwrap(invocation.Arguments[0].Value), invocation, scope)
            || !CallsNextAfter(invocation, scope, types))
        {
            return null;
        }

        return new UnkeptFeatureSwap(invocation, scope, httpContext);
    }

    /// <summary>Every later put-back this rule can see: <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(kept)</c> or <c>Response.Body = x</c> on the same context.</summary>
    public List<IOperation> FindRestores(KnownTypes types)
    {
        var restores = new List<IOperation>();
        foreach (var op in FunctionScope.EnumerateOwn(Scope))
        {
            if (op.Syntax.SpanStart > Swap.Syntax.SpanStart && IsRestore(op, types))
            {
                restores.Add(op);
            }
        }

        return restores;
    }

    /// <summary>How (and whether) a previous feature or body is put back after the swap.</summary>
    public RestoreKind ClassifyRestore(KnownTypes types, out IOperation? restore)
    {
        restore = null;
        var tally = default(RestoreTally);
        var argument = Swap.Arguments[0].Syntax.Span;
        foreach (var op in FunctionScope.EnumerateAll(Scope))
        {
            if (op is IInvocationOperation get && ResponseBodySwap.IsPreviousFeatureRead(get, types, out _) && !argument.Contains(op.Syntax.Span))
            {
                // The previous feature is read and kept somewhere this rule does not follow (a field, a state object).
                return RestoreKind.Delegated;
            }

            if (op.Syntax.SpanStart < Swap.Syntax.SpanStart && IsScopeOverTheContext(op))
            {
                // using var scope = new BodyFeatureScope(context): a disposable given the context first may keep and restore the feature.
                return RestoreKind.Delegated;
            }

            if (op == Swap || !IsRestore(op, types))
            {
                continue;
            }

            if (FunctionScope.IsInNestedFunction(op, Scope))
            {
                return RestoreKind.Delegated;
            }

            if (op.Syntax.SpanStart < Swap.Syntax.SpanStart)
            {
                continue;
            }

            if (tally.AddIsFinally(op, Scope, out restore))
            {
                return RestoreKind.Finally;
            }
        }

        return tally.Result(out restore);
    }

    /// <summary>What the message names as the original: the value put back (<c>originalBody</c>), or the previous body feature.</summary>
    public static string DescribeRestored(IOperation? restore) => restore switch
    {
        ISimpleAssignmentOperation assignment => assignment.Value.Syntax.ToString(),
        IInvocationOperation { Arguments.Length: 1 } invocation => invocation.Arguments[0].Value.Syntax.ToString(),
        _ => "the previous IHttpResponseBodyFeature",
    };

    private bool IsRestore(IOperation op, KnownTypes types)
    {
        switch (op)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } when ResponseBodySwap.IsBodyProperty(target.Property, types):
                return OperationFacts.SameInstance(ResponseBodySwap.GetHttpContextOfResponse(target.Instance, types), HttpContext);
            case IInvocationOperation invocation when ResponseBodySwap.IsBodyFeatureCall(invocation, types, "Set") && invocation.Arguments.Length == 1:
                return OperationFacts.Unwrap(invocation.Arguments[0].Value) is not IObjectCreationOperation
                    && OperationFacts.SameInstance(ResponseBodySwap.GetHttpContextOfFeatures(invocation.Instance, types), HttpContext);
            default:
                return false;
        }
    }

    /// <summary>A creation or call that is handed the context (or its features) and gives back something disposable.</summary>
    private bool IsScopeOverTheContext(IOperation op)
    {
        var arguments = op switch
        {
            IObjectCreationOperation creation => creation.Arguments,
            IInvocationOperation invocation => invocation.Arguments,
            _ => default,
        };
        if (arguments.IsDefaultOrEmpty || !IsDisposable(op.Type))
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            var value = OperationFacts.Unwrap(argument.Value);
            if (OperationFacts.SameInstance(value, HttpContext)
                || (value is IPropertyReferenceOperation { Property.Name: "Features" or "Response" } property && OperationFacts.SameInstance(property.Instance, HttpContext)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDisposable(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_IDisposable || type.Name == "IAsyncDisposable")
        {
            return true;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (@interface.SpecialType == SpecialType.System_IDisposable || @interface.Name == "IAsyncDisposable")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>new X(...)</c>, or a local initialized with one and used only as this argument or as the receiver of its own members.</summary>
    private static bool IsCreatedHere(IOperation? value, IInvocationOperation swap, IOperation scope)
    {
        if (value is IObjectCreationOperation)
        {
            return true;
        }

        if (value is not ILocalReferenceOperation { Local: var local })
        {
            return false;
        }

        var created = false;
        foreach (var op in FunctionScope.EnumerateAll(scope))
        {
            if (op is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                created = OperationFacts.Unwrap(declarator.Initializer?.Value) is IObjectCreationOperation;
            }
            else if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !swap.Arguments[0].Syntax.Span.Contains(op.Syntax.Span)
                && OperationFacts.Climb(op).Parent is not (IPropertyReferenceOperation or IInvocationOperation { Instance: not null }))
            {
                // Handed to something (RegisterForDispose, a field, a helper): it may restore.
                return false;
            }
        }

        return created;
    }

    /// <summary>A call to the next component (a delegate returning a task: RequestDelegate, Func&lt;Task&gt;, the MVC and endpoint-filter delegates) after the swap.</summary>
    private static bool CallsNextAfter(IInvocationOperation swap, IOperation scope, KnownTypes types)
    {
        foreach (var op in FunctionScope.EnumerateOwn(scope))
        {
            if (op is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.DelegateInvoke } method } && op.Syntax.SpanStart > swap.Syntax.SpanStart
                && (KnownTypes.InheritsFromOrEquals(method.ReturnType, types.Task) || method.ReturnType.OriginalDefinition.Name == "ValueTask"))
            {
                return true;
            }
        }

        return false;
    }
}
