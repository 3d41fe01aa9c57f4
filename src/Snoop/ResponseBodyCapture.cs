using System;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Snoop.Internal;

namespace Snoop;

/// <summary>
/// Keeps the first <see cref="MaxBodyBytes"/> bytes of a response body while the response streams to the
/// client untouched; everything <see cref="ResponseMetricsCapture"/> counts is here too. The replacement
/// for swapping <c>Response.Body</c> with a <c>MemoryStream</c>. Create it with
/// <see cref="ResponseCapture.Begin"/>; disposing it restores the previous body feature and returns the
/// buffer to the pool, so read <see cref="Body"/> or <see cref="GetBodyText()"/> before that.
/// </summary>
/// <remarks>
/// The bytes are those written at the layer where the capture was installed: installed outside response
/// compression they are compressed. A send-file range is counted but not read, so the kept prefix ends
/// where a send-file begins and <see cref="IsTruncated"/> is set; a send-file that fails (the client left, say)
/// ends it too, since part of its range may have been sent, and it is not counted.
/// </remarks>
public sealed class ResponseBodyCapture : ResponseMetricsCapture
{
    private const int Utf8CodePage = 65001;

    private readonly BodyPrefixBuffer _buffer;
    private ResponseBodyText? _text;

    internal ResponseBodyCapture(HttpContext context, IHttpResponseBodyFeature previous, BodyPrefixBuffer buffer)
        : base(context, previous, endWithRequest: true, hooks: true, Stopwatch.GetTimestamp())
    {
        _buffer = buffer;
    }

    internal BodyPrefixBuffer Buffer => _buffer;

    /// <summary>The most body bytes this capture keeps.</summary>
    public int MaxBodyBytes => _buffer.Max;

    /// <summary>
    /// The first bytes of the body, at most <see cref="MaxBodyBytes"/>: a view, without a copy, of what was kept
    /// when it was read. It stays valid while the response goes on writing, until the capture ends.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The capture has ended.</exception>
    public ReadOnlyMemory<byte> Body => _buffer.Memory;

    /// <summary>Whether the body had (or may have had) bytes that were not kept: past the limit, or sent as a file.</summary>
    public bool IsTruncated => _buffer.IsTruncated;

    /// <summary>
    /// The kept bytes as text, decoded by the charset of the response's <c>Content-Type</c> (UTF-8 when it
    /// names none or one this runtime does not know). When truncated, an incomplete last character is dropped.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The capture has ended.</exception>
    public string GetBodyText()
    {
        return Decode(_buffer.Memory, ResponseEncoding() ?? Encoding.UTF8);
    }

    /// <summary>The kept bytes as text in <paramref name="encoding"/>. When truncated, an incomplete last character is dropped.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The capture has ended.</exception>
    public string GetBodyText(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return Decode(_buffer.Memory, encoding);
    }

    /// <summary>
    /// The kept body as a value to log: its <see cref="object.ToString"/> decodes as <see cref="GetBodyText()"/> does,
    /// only when a logger formats it. Pass it where a log message takes the body, and a disabled level or a
    /// provider that never formats the message costs no decoding and no string.
    /// </summary>
    /// <remarks>
    /// Format it while the capture is open, as for <see cref="Body"/>: a logger that formats after the capture
    /// ended gets a short note in place of the body (the bytes went back to the pool), never an exception.
    /// </remarks>
    public ResponseBodyText BodyText => _text ??= new ResponseBodyText(this);

    private protected override void OnWrite(ReadOnlySpan<byte> data) => _buffer.Append(data);

    private protected override void OnSendFile(string path, long offset, long length) => _buffer.Skip(length);

    private protected override void OnSendFileFailed() => _buffer.Interrupt();

    private protected override void OnEnded() => _buffer.Release();

    /// <summary>
    /// Decodes straight into the returned string: one allocation for UTF-8 (the common case), the string plus a
    /// small decoder for other encodings. A truncated body leaves out an incomplete last character, where decoding
    /// everything would end in U+FFFD.
    /// </summary>
    private string Decode(ReadOnlyMemory<byte> bytes, Encoding encoding)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (!_buffer.IsTruncated)
        {
            return encoding.GetString(bytes.Span);
        }

        if (encoding.CodePage == Utf8CodePage)
        {
            return encoding.GetString(bytes.Span.Slice(0, Utf8Text.CompletePrefixLength(bytes.Span)));
        }

        var decoder = encoding.GetDecoder();
        var length = decoder.GetCharCount(bytes.Span, flush: false);
        return string.Create(length, (bytes, decoder), static (chars, state) => state.decoder.GetChars(state.bytes.Span, chars, flush: false));
    }

    private Encoding? ResponseEncoding()
    {
        var contentType = Context.Response.ContentType;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return null;
        }

        try
        {
            return mediaType.Encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
