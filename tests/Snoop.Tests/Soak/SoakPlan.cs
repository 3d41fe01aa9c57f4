namespace Snoop.Tests.Soak;

/// <summary>What the client does to a request (and the handler to itself).</summary>
public enum Fault
{
    None,
    ClientAbort,
    ThrowBeforeStart,
    ThrowAfterStart,
}

/// <summary>Which captures wrap the handler, outermost first.</summary>
public enum Nesting
{
    None,
    Body,
    Metrics,
    BodyInMetrics,
    MetricsInBody,
    BodyInBody,
    Observe,
    BodyInDecorate,
    BodyInCaptureMetricsAsync,
}

/// <summary>What a completed request does besides writing: start first, disable buffering, complete explicitly.</summary>
[Flags]
public enum Ending
{
    None = 0,
    StartFirst = 1,
    DisableBuffering = 2,
    Complete = 4,
}

/// <summary>How a segment of the body is written.</summary>
public enum Way
{
    Stream,
    WriterSpan,
    WriterWrite,
    SendFile,
}

/// <summary>A slice of <see cref="SoakPlan.Source"/> written one way, in chunks of <paramref name="Chunk"/> bytes.</summary>
public sealed record Segment(Way Way, int SourceOffset, int Length, int Chunk);

/// <summary>
/// One request of the soak, drawn from the seeded generator before the run: the body is a sequence of slices
/// of one random source (which is also the send-file file), so server, captures and client can all check any
/// byte at any position without buffering the body. Bytes past <see cref="Length"/> (written only while
/// waiting for a client abort to be noticed) continue the source from its start.
/// </summary>
public sealed class SoakPlan
{
    public const int MaxBody = 4 * 1024 * 1024;
    public const int SourceLength = MaxBody + 1;

    private static readonly int[] Boundaries = [0, 1, 2, 4095, 4096, 4097, 32_767, 32_768, 32_769, 65_536, MaxBody];
    private static readonly int[] Limits = [0, 1, 7, 4096, 32_768, 65_536, 1 << 20];
    private static readonly int[] Chunks = [1, 7, 512, 4096, 16_384, 65_536, 1 << 20];

    private SoakPlan(int index, Fault fault, Nesting nesting, int limit, int innerLimit, int status, Segment[] segments, bool useAbortToken, int abortAfter, long throwAfter, Ending ending)
    {
        Ending = ending;
        Index = index;
        Fault = fault;
        Nesting = nesting;
        Limit = limit;
        InnerLimit = innerLimit;
        Status = status;
        Segments = segments;
        UseAbortToken = useAbortToken;
        AbortAfter = abortAfter;
        ThrowAfter = throwAfter;
        foreach (var segment in segments)
        {
            Length += segment.Length;
        }
    }

    /// <summary>The random bytes every body is cut from; also the content of the send-file file.</summary>
    public static byte[] Source { get; private set; } = [];

    public int Index { get; }

    public Fault Fault { get; }

    public Nesting Nesting { get; }

    public int Limit { get; }

    public int InnerLimit { get; }

    public int Status { get; }

    public Segment[] Segments { get; }

    public long Length { get; }

    public bool UseAbortToken { get; }

    /// <summary>Completed requests only: how the handler starts and ends the response besides writing.</summary>
    public Ending Ending { get; }

    /// <summary>Whether the response starts (headers go out) inside the captures.</summary>
    public bool StartsInside => Length > 0 || Ending.HasFlag(Ending.StartFirst) || Ending.HasFlag(Ending.Complete);

    /// <summary>Client abort: the client walks away after reading this many bytes (all within the first flushed part).</summary>
    public int AbortAfter { get; }

    /// <summary>Client abort: the handler writes and flushes this much, then waits until the client has gone.</summary>
    public int FirstPart => (int)Math.Min(Length, 16 * 1024);

    /// <summary>Throw after start: the handler writes and flushes this many bytes, then throws.</summary>
    public long ThrowAfter { get; }

    /// <summary>Where the kept prefix of a capture that counted <paramref name="bytes"/> ends: at the first send-file, or at the end.</summary>
    public long PrefixEnd(long bytes)
    {
        long start = 0;
        foreach (var segment in Segments)
        {
            if (start >= bytes)
            {
                break;
            }

            if (segment.Way == Way.SendFile)
            {
                return start;
            }

            start += segment.Length;
        }

        return bytes;
    }

    public static void CreateSource(int seed)
    {
        var source = new byte[SourceLength];
        new Random(seed).NextBytes(source);
        Source = source;
    }

    public static SoakPlan Create(Random random, int index)
    {
        var fault = random.Next(100) switch
        {
            < 70 => Fault.None,
            < 80 => Fault.ClientAbort,
            < 90 => Fault.ThrowBeforeStart,
            _ => Fault.ThrowAfterStart,
        };
        var nesting = (Nesting)random.Next(Enum.GetValues<Nesting>().Length);
        var limit = random.Next(100) < 3 ? int.MaxValue : Limits[random.Next(Limits.Length)];
        var innerLimit = Limits[random.Next(Limits.Length)];
        var status = random.Next(4) switch
        {
            0 => 201,
            1 => 203,
            _ => 200,
        };

        var size = random.Next(100) switch
        {
            < 15 => Boundaries[random.Next(Boundaries.Length)],
            < 75 => (int)Math.Min(MaxBody, Math.Exp(random.NextDouble() * Math.Log(MaxBody))), // log-uniform
            _ => random.Next(MaxBody + 1),
        };
        if (fault is Fault.ClientAbort or Fault.ThrowAfterStart && size == 0)
        {
            size = 1;
        }

        var segmentCount = size == 0 ? 0 : 1 + random.Next(Math.Min(6, size));
        var segments = new Segment[segmentCount];
        var left = size;
        for (var s = 0; s < segmentCount; s++)
        {
            var length = s == segmentCount - 1 ? left : 1 + random.Next(left - (segmentCount - 1 - s));
            left -= length;
            var way = (Way)random.Next(4);
            // A send-file to the end of the file is sent with a null count: put some segments there.
            var offset = way == Way.SendFile && random.Next(4) == 0 ? SourceLength - length : random.Next(SourceLength - length + 1);
            var chunk = Math.Max(Chunks[random.Next(Chunks.Length)], length / 1000);
            segments[s] = new Segment(way, offset, length, chunk);
        }

        var useAbortToken = random.Next(2) == 0;
        var abortAfter = 1 + random.Next(Math.Max(1, Math.Min(size, 16 * 1024)));
        var throwAfter = size == 0 ? 0 : 1 + random.Next(size);
        var ending = fault == Fault.None ? (Ending)random.Next(8) : Ending.None;
        return new SoakPlan(index, fault, nesting, limit, innerLimit, status, segments, useAbortToken, abortAfter, throwAfter, ending);
    }

    /// <summary>Whether <paramref name="data"/> is what the body holds at <paramref name="position"/>.</summary>
    public bool Matches(long position, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var (offset, available) = SourceAt(position);
            var n = (int)Math.Min(available, data.Length);
            if (!data.Slice(0, n).SequenceEqual(Source.AsSpan(offset, n)))
            {
                return false;
            }

            data = data.Slice(n);
            position += n;
        }

        return true;
    }

    /// <summary>The source offset of the body byte at <paramref name="position"/>, and how many bytes follow it contiguously.</summary>
    public (int Offset, int Available) SourceAt(long position)
    {
        long start = 0;
        foreach (var segment in Segments)
        {
            if (position < start + segment.Length)
            {
                var into = (int)(position - start);
                return (segment.SourceOffset + into, segment.Length - into);
            }

            start += segment.Length;
        }

        var filler = (int)((position - Length) % SourceLength);
        return (filler, SourceLength - filler);
    }

    public override string ToString()
        => $"#{Index} {Fault} {Nesting} ending={Ending} limit={Limit}/{InnerLimit} status={Status} length={Length} token={UseAbortToken} " +
           $"abortAfter={AbortAfter} throwAfter={ThrowAfter} segments=[{string.Join(", ", Segments.Select(s => $"{s.Way}@{s.SourceOffset}+{s.Length}/{s.Chunk}"))}]";
}
