using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// Feature members that do some work of their own and never reach the wrapped feature: a <c>StartAsync</c> that only
/// flushes a stream (<see cref="OnlyFlushes"/>), a <c>CompleteAsync</c> that only logs or records and returns a completed
/// task (<see cref="OnlyOwnWork"/>). Whether they are reported is decided at the end of the type, from where the flushed
/// stream comes from and from what the other members do.
/// </summary>
internal static class BodyFeatureOwnWork
{
    /// <summary>Every statement flushes a stream or pipe (returned, awaited or called), the last may return a completed task; at least one flush.</summary>
    public static bool OnlyFlushes(BodyFeatureWrapperRule.Wrapper wrapper, List<IOperation> statements, BodyFeatureStreamFacts streams)
    {
        var known = wrapper.Known;
        var flushed = new List<StreamOrigin>();
        for (var i = 0; i < statements.Count; i++)
        {
            var value = Awaited(statements[i] switch
            {
                IReturnOperation ret => ret.ReturnedValue,
                IExpressionStatementOperation expression => expression.Operation,
                _ => null,
            });
            if (value is null)
            {
                return false;
            }

            if (i == statements.Count - 1 && statements[i] is IReturnOperation && BodyFeatureWrapperBlock.IsCompletedTask(value, known))
            {
                continue;
            }

            if (value is IInvocationOperation { TargetMethod.Name: "FlushAsync" or "Flush", Instance: { } receiver }
                && (KnownTypes.InheritsFromOrEquals(receiver.Type, known.Stream) || KnownTypes.InheritsFromOrEquals(receiver.Type, known.PipeWriter)))
            {
                flushed.Add(StreamOrigin.Of(receiver, known, wrapper.Feature));
                continue;
            }

            return false;
        }

        streams.Flushed.AddRange(flushed);
        return flushed.Count > 0;
    }

    /// <summary>
    /// The body does its own work (logging, recording a timestamp) and ends in a completed task: no stream, pipe or feature
    /// is touched, no method of the class is called (it might complete), nothing is thrown and nothing returns early.
    /// </summary>
    public static bool OnlyOwnWork(BodyFeatureWrapperRule.Wrapper wrapper, IMethodSymbol method, List<IOperation> statements)
    {
        var known = wrapper.Known;
        if (statements.Count < 2 && !method.IsAsync)
        {
            return false;
        }

        var last = statements[statements.Count - 1];
        if (!method.IsAsync && !(last is IReturnOperation { ReturnedValue: { } returned } && BodyFeatureWrapperBlock.IsCompletedTask(returned, known)))
        {
            return false;
        }

        foreach (var statement in statements)
        {
            var stack = new Stack<IOperation>();
            stack.Push(statement);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                switch (operation)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        continue;
                    case IThrowOperation:
                        return false;
                    case IReturnOperation when operation != last:
                        return false;
                    case IInvocationOperation invocation when Touches(invocation, wrapper):
                        return false;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }
        }

        return true;
    }

    /// <summary><c>await x</c>, <c>x.ConfigureAwait(...)</c> and <c>x.AsTask()</c> stand for <c>x</c>.</summary>
    private static IOperation? Awaited(IOperation? value)
    {
        for (var i = 0; i < 4; i++)
        {
            value = OperationFacts.Unwrap(value);
            switch (value)
            {
                case IAwaitOperation awaited:
                    value = awaited.Operation;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask", Instance: { } instance }:
                    value = instance;
                    break;
                default:
                    return value;
            }
        }

        return value;
    }

    /// <summary>A call on, or given, a stream, a pipe or a feature, or a call of the class's own members.</summary>
    private static bool Touches(IInvocationOperation invocation, BodyFeatureWrapperRule.Wrapper wrapper)
    {
        var instance = OperationFacts.Unwrap(invocation.Instance);
        if (instance is IInstanceReferenceOperation || IsCapable(instance?.Type, wrapper))
        {
            return true;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (IsCapable(OperationFacts.Unwrap(argument.Value)?.Type, wrapper))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCapable(ITypeSymbol? type, BodyFeatureWrapperRule.Wrapper wrapper)
        => KnownTypes.InheritsFromOrEquals(type, wrapper.Known.Stream)
            || KnownTypes.InheritsFromOrEquals(type, wrapper.Known.PipeWriter)
            || SymbolFacts.IsOrImplements(type, wrapper.Feature);
}
