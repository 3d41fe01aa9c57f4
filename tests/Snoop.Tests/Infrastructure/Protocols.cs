namespace Snoop.Tests.Infrastructure;

public static class Protocols
{
    /// <summary>Theory data: every test that takes a <see cref="Protocol"/> runs over HTTP/1.1 and h2c.</summary>
    public static TheoryData<Protocol> Both => new() { Protocol.Http1, Protocol.Http2 };
}
