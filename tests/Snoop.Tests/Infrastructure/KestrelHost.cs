using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Snoop.Tests.Infrastructure;

/// <summary>The HTTP versions every runtime test runs over: HTTP/1.1 and HTTP/2 cleartext (prior knowledge).</summary>
public enum Protocol
{
    Http1,
    Http2,
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an OS-assigned port, and a real HttpClient that talks to it over
/// the chosen protocol. Disposing stops both.
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app, Uri address, Protocol protocol)
    {
        _app = app;
        BaseAddress = address;
        Protocol = protocol;
        Client = CreateClient();
    }

    public Uri BaseAddress { get; }

    public Protocol Protocol { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<KestrelHost> StartAsync(
        Protocol protocol,
        Action<WebApplication> configure,
        Action<IServiceCollection>? services = null,
        Action<KestrelServerOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0, listen =>
                listen.Protocols = protocol == Protocol.Http2 ? HttpProtocols.Http2 : HttpProtocols.Http1);
            kestrel?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new KestrelHost(app, new Uri(address), protocol);
    }

    /// <summary>A new client for the server (for tests that need several connections).</summary>
    public HttpClient CreateClient(HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = Protocol == Protocol.Http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        };
        return client;
    }

    /// <summary>A request message for this server's protocol (HttpClient's default version applies only to its helper methods).</summary>
    public HttpRequestMessage NewRequest(HttpMethod method, string path) => new(method, path)
    {
        Version = Client.DefaultRequestVersion,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
