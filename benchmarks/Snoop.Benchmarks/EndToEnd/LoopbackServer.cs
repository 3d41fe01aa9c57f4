using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.EndToEnd;

/// <summary>
/// Kestrel on 127.0.0.1 (HTTP/1.1, port chosen by the OS) serving every variant behind its own path
/// (<see cref="EndToEndRunner.Route"/>), and the HttpClient that drives it. Disposing stops both.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private LoopbackServer(WebApplication app, SocketsHttpHandler handler, HttpClient client)
    {
        App = app;
        Handler = handler;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    private SocketsHttpHandler Handler { get; }

    public static async Task<LoopbackServer> StartAsync(IEnumerable<(Variant Variant, WritePath Path)> cases, int[] sizes, int concurrency)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new DiscardLoggerProvider());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information);
        builder.Services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.ResponsePropertiesAndHeaders | HttpLoggingFields.ResponseBody;
            options.ResponseBodyLogLimit = Pipelines.CaptureLimit;
        });
        builder.WebHost.UseKestrel(options =>
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();

        var routes = new Dictionary<string, RequestDelegate>(StringComparer.Ordinal);
        foreach (var size in sizes)
        {
            var body = Pipelines.CreateBody(size);
            foreach (var (variant, path) in cases)
            {
                routes[EndToEndRunner.Route(variant, path, size)] = Pipelines.Build(variant, app.Services, body, path);
            }
        }

        app.Run(context =>
        {
            if (context.Request.Path.Value is { } route && routes.TryGetValue(route, out var handler))
            {
                return handler(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var handlerForClient = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        var client = new HttpClient(handlerForClient)
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new LoopbackServer(app, handlerForClient, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Handler.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
