namespace Snoop.Tests.Infrastructure;

/// <summary>A value the server side hands to the test, awaited with a bounded wait.</summary>
public sealed class Sink<T>
{
    private readonly TaskCompletionSource<T> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(T value) => _source.TrySetResult(value);

    public void Fail(Exception exception) => _source.TrySetException(exception);

    public async Task<T> GetAsync()
    {
        var winner = await Task.WhenAny(_source.Task, Task.Delay(Signal.Patience));
        if (winner != _source.Task)
        {
            throw new TimeoutException($"The server did not report a {typeof(T).Name} within {Signal.Patience}.");
        }

        return await _source.Task;
    }
}
