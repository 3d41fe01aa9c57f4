namespace Snoop.Internal;

/// <summary>
/// The stream and the writer of a capture whose application used both <c>Response.Body</c> and
/// <c>Response.BodyWriter</c> (most use one: the capture then keeps that one alone, without this pair).
/// </summary>
internal sealed class CaptureAdapters
{
    public CaptureAdapters(CaptureStream stream, CaptureWriter writer)
    {
        Stream = stream;
        Writer = writer;
    }

    public CaptureStream Stream { get; }

    public CaptureWriter Writer { get; }
}
