using Snoop.Tests.Infrastructure;

namespace Snoop.Tests.Soak;

/// <summary>What must hold for one soak request, by what was done to it (runtime.md's edge-case table).</summary>
public static class SoakValidator
{
    public static IEnumerable<string> Validate(SoakRecord record, Protocol protocol)
    {
        var plan = record.Plan;
        foreach (var problem in record.ServerProblems)
        {
            yield return problem;
        }

        if (!record.FeatureRestored)
        {
            yield return "the body feature after the request is not the one before it";
        }

        if (!record.ClientContentOk)
        {
            yield return "the client received bytes that differ from what the handler wrote";
        }

        if (ServerExceptionProblem(record) is { } exceptionProblem)
        {
            yield return exceptionProblem;
        }

        if (record.Metrics is not { } metrics)
        {
            yield return "UseResponseMetrics did not report";
            yield break;
        }

        // What every layer must have counted, when it is known exactly.
        long? exactBytes = null;
        switch (plan.Fault)
        {
            case Fault.None:
                exactBytes = plan.Length;
                if (record.ClientException is not null)
                {
                    yield return $"client error on a completed response: {record.ClientException.GetType().Name}: {record.ClientException.Message}";
                }

                if (record.ClientStatus != plan.Status)
                {
                    yield return $"client got status {record.ClientStatus}, handler set {plan.Status}";
                }

                if (record.Received != plan.Length)
                {
                    yield return $"client received {record.Received} bytes, handler wrote {plan.Length}";
                }

                if (metrics != new ResponseMetrics(plan.Status, plan.Length, metrics.Duration, Started: plan.StartsInside, Aborted: false))
                {
                    yield return $"metrics {metrics}, expected status {plan.Status}, {plan.Length} bytes, started {plan.StartsInside}, not aborted";
                }

                break;

            case Fault.ThrowBeforeStart:
                exactBytes = 0;
                if (record.ClientStatus != 500 || record.Received != 0 || record.ClientException is not null)
                {
                    yield return $"client got {record.ClientStatus} with {record.Received} bytes ({record.ClientException?.GetType().Name}), expected an empty 500";
                }

                if (metrics != new ResponseMetrics(500, 0, metrics.Duration, Started: false, Aborted: false))
                {
                    yield return $"metrics {metrics}, expected 500, 0 bytes, not started, not aborted";
                }

                break;

            case Fault.ThrowAfterStart:
                exactBytes = plan.ThrowAfter;
                if (record.ClientException is null)
                {
                    yield return "the client read a complete response although the handler threw after start";
                }

                if (record.ClientStatus != plan.Status || record.Received > plan.ThrowAfter)
                {
                    yield return $"client got {record.ClientStatus} with {record.Received} bytes, handler set {plan.Status} and wrote {plan.ThrowAfter}";
                }

                if (metrics != new ResponseMetrics(plan.Status, plan.ThrowAfter, metrics.Duration, Started: true, Aborted: true))
                {
                    yield return $"metrics {metrics}, expected status {plan.Status}, {plan.ThrowAfter} bytes, started, aborted";
                }

                break;

            case Fault.ClientAbort:
                if (!record.AbortNoticed && record.ServerException is null)
                {
                    yield return "the server never noticed the client abort";
                }

                if (record.ClientException is not null)
                {
                    yield return $"client error before it walked away: {record.ClientException.GetType().Name}: {record.ClientException.Message}";
                }

                if (record.Received < plan.AbortAfter)
                {
                    yield return $"client walked away after {record.Received} bytes, meant to read {plan.AbortAfter}";
                }

                if (metrics.StatusCode != plan.Status || !metrics.Started || !metrics.Aborted)
                {
                    yield return $"metrics {metrics}, expected status {plan.Status}, started, aborted";
                }

                // Every byte the client got went through the captures. (A write that the abort cancelled may have
                // delivered bytes it then reports as failed: it is not counted, so only without the token is this exact.)
                if (record.ServerException is null && metrics.BytesWritten < record.Received)
                {
                    yield return $"metrics counted {metrics.BytesWritten} bytes, the client received {record.Received}";
                }

                break;
        }

        foreach (var problem in ValidateLayers(record, metrics, exactBytes))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> ValidateLayers(SoakRecord record, ResponseMetrics metrics, long? exactBytes)
    {
        var plan = record.Plan;
        var expected = plan.Nesting switch
        {
            Nesting.None => 0,
            Nesting.Body or Nesting.Metrics or Nesting.Observe => 1,
            Nesting.BodyInCaptureMetricsAsync when plan.Fault is Fault.ThrowBeforeStart or Fault.ThrowAfterStart => 1, // it rethrows: no metrics to record
            Nesting.BodyInCaptureMetricsAsync when record.ServerException is not null => 1,
            _ => 2,
        };
        if (record.Layers.Count != expected)
        {
            yield return $"{record.Layers.Count} layers reported, expected {expected}";
        }

        foreach (var layer in record.Layers)
        {
            var name = layer.Kind.ToString();
            if (!layer.Restored)
            {
                yield return $"{name}: the feature after the scope is not the one before it";
            }

            if (!layer.FrozenAndReleased)
            {
                yield return $"{name}: values changed after disposal, or the body buffer was not released";
            }

            if (layer.ObserverProblem is not null)
            {
                yield return $"{name}: {layer.ObserverProblem}";
            }

            if (layer.Kind == LayerKind.Decorate)
            {
                continue;
            }

            // Every layer sees the same bytes: the exact count when known, else what the outermost metrics counted.
            var bytes = exactBytes ?? metrics.BytesWritten;
            if (layer.Bytes != bytes)
            {
                yield return $"{name}: counted {layer.Bytes} bytes, expected {bytes}";
            }

            if (layer.Kind == LayerKind.Body)
            {
                var keep = (int)Math.Min(layer.Limit, plan.PrefixEnd(layer.Bytes));
                // After a client abort a send-file may have failed (HttpResponse.SendFileAsync swallows that): it is not
                // counted and the prefix ends there, truncated, since part of its range may have been sent.
                var truncatedOk = layer.Truncated == (layer.Bytes > layer.BodyLength) || (plan.Fault == Fault.ClientAbort && layer.Truncated);
                if (layer.BodyLength != keep || !layer.PrefixOk || !truncatedOk)
                {
                    yield return $"{name}: kept {layer.BodyLength} bytes (prefix {(layer.PrefixOk ? "matches" : "DIFFERS")}, truncated {layer.Truncated}) of {layer.Bytes}, expected {keep} with limit {layer.Limit}";
                }
            }

            if (layer.Kind is LayerKind.Body or LayerKind.Metrics or LayerKind.CaptureMetricsAsync && plan.Fault is Fault.None or Fault.ThrowBeforeStart)
            {
                // Scopes cannot see the exception: before start they report the status set and not started.
                var started = plan.Fault == Fault.None && plan.StartsInside;
                if (layer.Status != plan.Status || layer.Started != started || layer.Aborted)
                {
                    yield return $"{name}: status {layer.Status}, started {layer.Started}, aborted {layer.Aborted}; expected {plan.Status}, {started}, false";
                }
            }
        }
    }

    private static string? ServerExceptionProblem(SoakRecord record)
    {
        var exception = record.ServerException;
        var plan = record.Plan;
        switch (plan.Fault)
        {
            case Fault.ThrowBeforeStart or Fault.ThrowAfterStart:
                return exception is SoakInjectedException ? null : $"server exception {Describe(exception)}, expected the injected one";
            case Fault.ClientAbort:
                // Writes with the request's abort token throw once the client has gone; without it they complete.
                return exception is null or OperationCanceledException or IOException ? null : $"unexpected server exception after a client abort: {Describe(exception)}";
            default:
                return exception is null ? null : $"unexpected server exception: {Describe(exception)}";
        }
    }

    /// <summary>An exception the soak causes on purpose, or one that a client leaving causes.</summary>
    public static bool IsExpected(Exception exception)
        => exception is SoakInjectedException or OperationCanceledException or IOException
            || (exception is AggregateException aggregate && aggregate.InnerExceptions.All(IsExpected));

    private static string Describe(Exception? exception) => exception is null ? "none" : $"{exception.GetType().FullName}: {exception.Message}\n{exception.StackTrace}";
}
