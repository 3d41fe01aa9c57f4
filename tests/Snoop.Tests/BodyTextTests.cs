using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Snoop.Benchmarks.Infrastructure;
using Snoop.Internal;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>
/// The kept body as text: decoded straight into the returned string, cut characters left out in every encoding,
/// and <see cref="ResponseBodyCapture.BodyText"/>, which decodes only when a logger formats it.
/// </summary>
public class BodyTextTests
{
    private const int Limit = 32 * 1024;

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task A_cut_in_a_UTF16_character_is_left_out(Protocol protocol)
    {
        var sink = new Sink<(string Text, bool Truncated)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseBodyCapture(7, (_, c) => sink.Set((c.GetBodyText(), c.IsTruncated))); // 3½ UTF-16 code units
            app.Run(async context =>
            {
                context.Response.ContentType = "text/plain; charset=utf-16";
                await context.Response.Body.WriteAsync(Encoding.Unicode.GetBytes("abcdef"));
            });
        });

        Assert.Equal(Encoding.Unicode.GetBytes("abcdef"), await host.Client.GetByteArrayAsync("/"));
        Assert.Equal(("abc", true), await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task A_cut_in_a_four_byte_UTF8_character_is_left_out_wherever_it_falls(Protocol protocol)
    {
        const string Text = "ab😀cd"; // the emoji is four bytes in UTF-8, at offsets 2..5
        var sink = new Sink<string[]>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                // Four captures, nested, cut after 2, 3, 4 and 5 bytes: inside or just before the emoji.
                var captures = new[] { 2, 3, 4, 5, 6 }.Select(n => ResponseCapture.Begin(context, n)).ToArray();
                await context.Response.WriteAsync(Text);
                sink.Set(captures.Select(c => c.GetBodyText()).ToArray());
                foreach (var capture in captures.Reverse())
                {
                    await capture.DisposeAsync();
                }
            });
        });

        Assert.Equal(Text, await host.Client.GetStringAsync("/"));
        Assert.Equal(["ab", "ab", "ab", "ab", "ab😀"], await sink.GetAsync());
    }

    [Theory]
    [InlineData(new byte[] { }, 0)]
    [InlineData(new byte[] { 0x61 }, 1)]
    [InlineData(new byte[] { 0x61, 0xC3 }, 1)]
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, 3)]
    [InlineData(new byte[] { 0xE2, 0x82 }, 0)]
    [InlineData(new byte[] { 0xE2, 0x82, 0xAC }, 3)]
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98 }, 1)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 4)]
    [InlineData(new byte[] { 0x61, 0x80 }, 2)] // a stray continuation byte is invalid anyway: kept, the decoder replaces it
    [InlineData(new byte[] { 0x61, 0xFF }, 2)] // not a lead byte of any length: kept
    public void The_complete_UTF8_prefix_ends_before_a_cut_sequence(byte[] bytes, int expected)
        => Assert.Equal(expected, Utf8Text.CompletePrefixLength(bytes));

    [Theory]
    [InlineData("text/plain", 'a')]
    [InlineData("text/plain", 'é')]
    [InlineData("text/plain; charset=utf-16", 'é')]
    public void The_text_of_a_truncated_body_is_one_allocation_the_size_of_the_string(string contentType, char fill)
    {
        // A 64 KiB body through a 32 KiB capture: what GetBodyText() allocates beyond the string it returns.
        var server = new ServerLikeFeatures();
        var encoding = contentType.Contains("utf-16") ? Encoding.Unicode : Encoding.UTF8;
        var body = encoding.GetBytes(new string(fill, 64 * 1024));
        long allocated = 0;
        string? text = null;
        var task = server.RunAsync(async context =>
        {
            context.Response.ContentType = contentType;
            await using var capture = ResponseCapture.Begin(context, Limit);
            await context.Response.Body.WriteAsync(body);
            capture.GetBodyText(); // warm up the decoding path
            var before = GC.GetAllocatedBytesForCurrentThread();
            text = capture.GetBodyText();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });

        Assert.True(task.IsCompletedSuccessfully);
        Assert.NotNull(text);
        Assert.Equal(new string(fill, encoding.GetCharCount(body.AsSpan(0, Limit))), text);
        var stringSize = 22 + (2L * text!.Length); // object header, method table, length, characters and terminator on 64-bit
        Assert.True(allocated <= stringSize * 105 / 100, $"GetBodyText() allocated {allocated} B for a string of {stringSize} B");
    }

    [Fact]
    public async Task BodyText_is_not_decoded_when_the_level_is_off_and_is_decoded_when_it_is_on()
    {
        var collector = new LogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(collector).SetMinimumLevel(LogLevel.Information));
        var logger = factory.CreateLogger("test");
        var sink = new Sink<(long Off, long On)>();
        var body = new string('x', 16 * 1024);
        await using var host = await KestrelHost.StartAsync(Protocol.Http1, app =>
        {
            app.Run(async context =>
            {
                await using var capture = ResponseCapture.Begin(context, Limit);
                await context.Response.WriteAsync(body);
                var text = capture.BodyText;
                logger.LogDebug("warm-up {Body}", text);
                logger.LogInformation("warm-up {Body}", text);

                var before = GC.GetAllocatedBytesForCurrentThread();
                logger.LogDebug("off {Body}", text);
                var off = GC.GetAllocatedBytesForCurrentThread() - before;
                before = GC.GetAllocatedBytesForCurrentThread();
                logger.LogInformation("on {Body}", text);
                var on = GC.GetAllocatedBytesForCurrentThread() - before;
                sink.Set((off, on));
            });
        });

        Assert.Equal(body, await host.Client.GetStringAsync("/"));
        var (offBytes, onBytes) = await sink.GetAsync();
        Assert.Contains("on " + body, await collector.WaitForAsync("on " + body));
        Assert.DoesNotContain("off ", await collector.WaitForAsync("on "));
        Assert.True(offBytes < 1024, $"a disabled log call allocated {offBytes} B: the body was decoded");
        Assert.True(onBytes > 2 * body.Length, $"an enabled log call allocated {onBytes} B: the body was not decoded");
    }

    [Fact]
    public async Task BodyText_formatted_after_the_capture_ended_is_a_note_not_an_exception()
    {
        var sink = new Sink<(string During, string After, bool Same)>();
        await using var host = await KestrelHost.StartAsync(Protocol.Http1, app =>
        {
            app.Run(async context =>
            {
                var capture = ResponseCapture.Begin(context, Limit);
                await context.Response.WriteAsync("hello");
                var text = capture.BodyText;
                var during = text.ToString();
                await capture.DisposeAsync();
                sink.Set((during, text.ToString(), ReferenceEquals(text, capture.BodyText)));
            });
        });

        Assert.Equal("hello", await host.Client.GetStringAsync("/"));
        Assert.Equal(("hello", ResponseBodyText.EndedPlaceholder, true), await sink.GetAsync());
    }
}
