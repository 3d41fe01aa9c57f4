namespace Snoop.Tests.FeatureMatrix;

/// <summary>
/// What one endpoint did under one set-up, as far as the matrix looks. Value equality: two set-ups behave the
/// same for an endpoint exactly when their observations are equal. Every field is deterministic (no timings,
/// no raw byte counts that could vary between runs).
/// </summary>
/// <param name="Streamed">
/// Whether the first event reached the client while the handler was still running: the handler waited (bounded)
/// for the client to say it had read it. <see langword="null"/> for endpoints that do not probe streaming.
/// </param>
/// <param name="Status">The status code the client received; <see langword="null"/> when it received no response.</param>
/// <param name="BodyBytes">Body bytes the client received.</param>
/// <param name="BodyIntact">Whether those bytes are exactly the bytes the handler wrote.</param>
/// <param name="Headers">The headers that matter here, canonical (framing, content type, endpoint-specific ones).</param>
/// <param name="Trailers">Trailing headers the client received, canonical; empty when none.</param>
/// <param name="ClientError">How the client's read ended when it did not end cleanly, e.g. <c>HttpIOException(ResponseEnded)</c>.</param>
/// <param name="ServerError">The exception that escaped the pipeline, <c>Type: first sentence</c>; empty when none.</param>
/// <param name="ServerPath">Which members of the server's own body feature the bytes went through.</param>
/// <param name="Allocation">Allocation class during the request (large download only), see <see cref="AllocationClass"/>.</param>
/// <param name="Detail">An endpoint-specific result, e.g. the WebSocket echo.</param>
public sealed record Observation(
    bool? Streamed,
    int? Status,
    long BodyBytes,
    bool BodyIntact,
    string Headers,
    string Trailers,
    string ClientError,
    string ServerError,
    string ServerPath,
    string Allocation,
    string Detail);

/// <summary>Buckets for the allocations of the large download, so the document does not depend on raw numbers.</summary>
public static class AllocationClass
{
    public const string NotMeasured = "";
    public const string Flat = "flat (< 2 MiB)";
    public const string Grows = "grows with body (≥ body size)";
    public const string Between = "between 2 MiB and body size";

    /// <summary>
    /// The class of <paramref name="allocated"/> bytes for a body of <paramref name="bodySize"/> bytes. "Flat" has
    /// wide margins: the server and client without any wrapper allocate a few hundred KiB per 8 MiB download,
    /// a 32 KiB capture adds its decoded text; buffering the body allocates several times the body.
    /// </summary>
    public static string Of(long allocated, long bodySize) =>
        allocated < FlatLimit ? Flat : allocated >= bodySize ? Grows : Between;

    public const long FlatLimit = 2 * 1024 * 1024;
}
