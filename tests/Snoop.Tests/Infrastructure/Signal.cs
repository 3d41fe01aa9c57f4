namespace Snoop.Tests.Infrastructure;

/// <summary>
/// A one-shot signal between a handler and a test, with a bounded wait: streaming is observed by the
/// handler waiting for the test to have read a first event, never by timing.
/// </summary>
public sealed class Signal
{
    /// <summary>How long a side waits for the other before it records that the exchange did not happen.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsSet => _source.Task.IsCompleted;

    public void Set() => _source.TrySetResult();

    /// <summary>Waits for the signal; false when <see cref="Patience"/> ran out first.</summary>
    public async Task<bool> WaitAsync(TimeSpan? patience = null)
    {
        var winner = await Task.WhenAny(_source.Task, Task.Delay(patience ?? Patience));
        return winner == _source.Task;
    }
}
