using Xunit.Abstractions;

namespace Snoop.Tests.FeatureMatrix;

public sealed class FeatureMatrixFixture : IAsyncLifetime
{
    public MatrixResult Result { get; private set; } = null!;

    public async Task InitializeAsync() => Result = await MatrixRunner.RunAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

[Collection(FeatureMatrixCollection.Name)]
public sealed class FeatureMatrixTests(FeatureMatrixFixture fixture, ITestOutputHelper output) : IClassFixture<FeatureMatrixFixture>
{
    private readonly MatrixResult _result = fixture.Result;

    [Fact]
    public void Dump()
    {
        foreach (var row in MatrixRow.All)
        {
            foreach (var setUp in SetUps.All)
            {
                output.WriteLine($"{row} | {setUp} | {_result[row, setUp]}");
            }
        }

        foreach (var note in _result.RawNotes)
        {
            output.WriteLine(note);
        }
    }
}
