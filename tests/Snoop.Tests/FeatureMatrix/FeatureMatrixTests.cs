using Snoop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Snoop.Tests.FeatureMatrix;

/// <summary>Runs the whole matrix once for the tests below.</summary>
public sealed class FeatureMatrixFixture : IAsyncLifetime
{
    public MatrixResult Result { get; private set; } = null!;

    public async Task InitializeAsync() => Result = await MatrixRunner.RunAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The feature matrix: the same endpoints through four set-ups. The runtime's column must equal the no-wrapper
/// column; the MemoryStream template and the sync-only wrapper must differ where the document says they do;
/// and the document is written from the same observations.
/// </summary>
[Collection(FeatureMatrixCollection.Name)]
public sealed class FeatureMatrixTests(FeatureMatrixFixture fixture, ITestOutputHelper output) : IClassFixture<FeatureMatrixFixture>
{
    private readonly MatrixResult _result = fixture.Result;

    public static TheoryData<string> Rows()
    {
        var rows = new TheoryData<string>();
        foreach (var row in MatrixRow.All)
        {
            rows.Add(row.ToString());
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void SnoopRuntimeBehavesExactlyLikeNoWrapper(string rowName)
    {
        var row = MatrixRow.All.Single(r => r.ToString() == rowName);
        var baseline = _result[row, SetUp.NoWrapper];
        var runtime = _result[row, SetUp.SnoopRuntime];
        output.WriteLine($"no wrapper: {baseline}");
        output.WriteLine($"runtime:    {runtime}");
        Assert.True(
            baseline == runtime,
            $"RUNTIME BUG? For {row} the Snoop runtime changed what is observed.\n  no wrapper: {baseline}\n  runtime:    {runtime}");
    }

    [Fact]
    public void NoWrapperColumnIsTheHealthyReference()
    {
        var cells = MatrixRow.All.ToDictionary(row => row, row => _result[row, SetUp.NoWrapper]);
        foreach (var (row, cell) in cells)
        {
            output.WriteLine($"{row}: {cell}");
            if (row.Endpoint != Endpoint.ExceptionAfterStart)
            {
                Assert.True(cell.BodyIntact, $"{row}: {cell}");
                Assert.Equal("", cell.ClientError);
                Assert.Equal("", cell.ServerError);
            }
        }

        foreach (var (row, cell) in cells)
        {
            switch (row.Endpoint)
            {
                case Endpoint.Sse:
                    Assert.True(cell.Streamed, $"{row}: the first event did not reach the client while the handler waited: {cell}");
                    break;
                case Endpoint.LargeDownload:
                    Assert.Equal(AllocationClass.Flat, cell.Allocation);
                    break;
                case Endpoint.SendFile:
                    Assert.Equal($"SendFileAsync({Endpoints.SendFileOffset},{Endpoints.SendFileCount})", cell.ServerPath);
                    Assert.Contains($"Content-Length: {Endpoints.SendFileCount}", cell.Headers);
                    break;
                case Endpoint.JsonBodyWriter:
                    Assert.Equal("BodyWriter", cell.ServerPath);
                    Assert.Contains("X-Unflushed-Bytes: supported", cell.Headers);
                    break;
                case Endpoint.Trailers:
                    Assert.Equal($"{Endpoints.TrailerName}: {Endpoints.TrailerValue}", cell.Trailers);
                    break;
                case Endpoint.WebSocket:
                    // HTTP/1.1 upgrades with 101; HTTP/2's extended CONNECT answers 200.
                    Assert.Equal(row.Protocol == Protocol.Http2 ? 200 : 101, cell.Status);
                    Assert.Equal("closed NormalClosure", cell.Detail);
                    break;
                case Endpoint.ExceptionAfterStart:
                    Assert.True(cell.Streamed, $"{row}: {cell}");
                    Assert.Equal(200, cell.Status);
                    Assert.True(cell.BodyIntact, $"{row}: the client did not get the partial body: {cell}");
                    Assert.NotEqual("", cell.ClientError);
                    Assert.StartsWith("InvalidOperationException: The handler failed", cell.ServerError);
                    break;
                case Endpoint.AsyncOnlyNoSyncIO:
                    Assert.Equal(200, cell.Status);
                    break;
            }
        }
    }

    [Fact]
    public void MemoryStreamTemplateDiffersWhereTheDocumentSaysItDoes()
    {
        foreach (var row in MatrixRow.All)
        {
            var baseline = _result[row, SetUp.NoWrapper];
            var template = _result[row, SetUp.MemoryStreamTemplate];
            output.WriteLine($"{row}: {template}");
            switch (row.Endpoint)
            {
                case Endpoint.Sse:
                    Assert.False(template.Streamed, $"{row}: the template is expected not to stream: {template}");
                    Assert.True(template.BodyIntact, $"{row}: {template}");
                    break;
                case Endpoint.LargeDownload:
                    Assert.Equal(AllocationClass.Grows, template.Allocation);
                    Assert.True(template.BodyIntact, $"{row}: {template}");
                    break;
                case Endpoint.SendFile:
                    Assert.Equal("Stream", template.ServerPath);
                    Assert.Equal(baseline with { ServerPath = "Stream" }, template);
                    break;
                case Endpoint.JsonBodyWriter:
                    Assert.Equal("Stream", template.ServerPath);
                    Assert.Equal(baseline with { ServerPath = "Stream" }, template);
                    break;
                case Endpoint.ExceptionAfterStart:
                    Assert.False(template.Streamed, $"{row}: {template}");
                    Assert.Equal(500, template.Status);
                    Assert.Equal(0, template.BodyBytes);
                    Assert.Equal("", template.ClientError);
                    break;
                case Endpoint.Trailers:
                case Endpoint.WebSocket:
                case Endpoint.AsyncOnlyNoSyncIO:
                    // Untouched by buffering: the trailers and upgrade features are separate, and the copy is async.
                    Assert.Equal(baseline with { ServerPath = template.ServerPath }, template);
                    break;
            }
        }
    }

    [Fact]
    public void SyncOnlyWrapperDiffersWhereTheDocumentSaysItDoes()
    {
        foreach (var row in MatrixRow.All)
        {
            var baseline = _result[row, SetUp.NoWrapper];
            var wrapper = _result[row, SetUp.SyncOnlyWrapperStream];
            output.WriteLine($"{row}: {wrapper}");
            if (row.Endpoint == Endpoint.AsyncOnlyNoSyncIO)
            {
                Assert.StartsWith("InvalidOperationException: Synchronous operations are disallowed", wrapper.ServerError);
                Assert.Equal(500, wrapper.Status);
                Assert.Equal(0, wrapper.BodyBytes);
                continue;
            }

            if (row.Endpoint == Endpoint.WebSocket)
            {
                Assert.Equal(baseline, wrapper);
                continue;
            }

            // With synchronous IO allowed, the client sees what it sees without a wrapper; the server does not:
            // every byte reaches it through its Stream, never its own pipe or send-file.
            Assert.Equal("Stream", wrapper.ServerPath);
            Assert.Equal(baseline with { ServerPath = "Stream" }, wrapper);
        }

        Assert.Contains(MatrixRow.All, row => _result[row, SetUp.NoWrapper].ServerPath is "BodyWriter");
        Assert.Contains(MatrixRow.All, row => _result[row, SetUp.NoWrapper].ServerPath.StartsWith("SendFileAsync", StringComparison.Ordinal));
    }

    [Fact]
    public void WritesTheDocumentFromTheSameObservations()
    {
        foreach (var note in _result.RawNotes)
        {
            output.WriteLine(note);
        }

        var document = MatrixDocument.Render(_result);
        Assert.Equal(document, MatrixDocument.Render(_result));
        Assert.DoesNotContain("\r", document);

        var path = Path.Combine(RepositoryPaths.Root, MatrixDocument.RelativePath);
        var existing = File.Exists(path) ? File.ReadAllText(path) : null;
        if (existing != document)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, document);
            output.WriteLine($"{MatrixDocument.RelativePath} was out of date and has been rewritten: commit it.");

            // Locally the test regenerates the document; in CI a stale committed document is an error.
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"{MatrixDocument.RelativePath} does not match what the matrix observed; run the FeatureMatrix tests locally and commit the file.");
        }

        output.WriteLine(document);
    }
}
