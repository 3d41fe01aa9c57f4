namespace Snoop.Benchmarks.Analyzers;

/// <summary>
/// Generates the source files of a large ASP.NET Core application: mostly plain services and controllers, with
/// the shapes Snoop's rules look at in realistic proportions (the MemoryStream template, restore-on-success-only
/// middleware, Stream, PipeWriter and IHttpResponseBodyFeature wrappers, DelegatingHandlers), correct and broken.
/// Deterministic: file <c>i</c> is always the same text.
/// </summary>
public static class CorpusGenerator
{
    public static IEnumerable<(string Path, string Text)> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var kind = i % 100;
            var text = kind switch
            {
                < 38 => Service(i),
                < 62 => Controller(i),
                < 66 => TemplateMiddleware(i, restoreInFinally: i % 2 == 0),
                < 74 => LoggingMiddleware(i),
                < 78 => MinimalApi(i),
                < 82 => StreamWrapper(i, complete: i % 3 == 0),
                < 85 => PipeWriterWrapper(i, complete: i % 2 == 0),
                < 88 => BodyFeatureWrapper(i, complete: i % 2 == 0),
                < 94 => Handler(i, replacesContent: i % 3 == 0),
                _ => Records(i),
            };
            yield return ($"Generated/File{i:D5}.cs", text);
        }
    }

    private static string Service(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        namespace Shop.Orders.N{{i / 100}};

        public interface IOrderService{{i}}
        {
            Task<IReadOnlyList<Order{{i}}>> FindAsync(string customer, CancellationToken cancellationToken);
            decimal Total(Order{{i}} order);
        }

        public sealed record Order{{i}}(int Id, string Customer, IReadOnlyList<OrderLine{{i}}> Lines, DateTimeOffset Placed);

        public sealed record OrderLine{{i}}(string Sku, int Quantity, decimal Price);

        public sealed class OrderService{{i}} : IOrderService{{i}}
        {
            private readonly ILogger<OrderService{{i}}> _logger;
            private readonly Dictionary<string, List<Order{{i}}>> _byCustomer = new(StringComparer.OrdinalIgnoreCase);

            public OrderService{{i}}(ILogger<OrderService{{i}}> logger) => _logger = logger;

            public async Task<IReadOnlyList<Order{{i}}>> FindAsync(string customer, CancellationToken cancellationToken)
            {
                ArgumentException.ThrowIfNullOrEmpty(customer);
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                if (!_byCustomer.TryGetValue(customer, out var orders))
                {
                    _logger.LogInformation("No orders for {Customer}", customer);
                    return Array.Empty<Order{{i}}>();
                }

                return orders
                    .Where(o => o.Placed > DateTimeOffset.UtcNow.AddDays(-{{i % 90 + 1}}))
                    .OrderByDescending(o => o.Placed)
                    .Take({{i % 50 + 10}})
                    .ToList();
            }

            public decimal Total(Order{{i}} order)
            {
                decimal total = 0;
                foreach (var line in order.Lines)
                {
                    total += line.Quantity * line.Price;
                }

                return total > {{i % 1000 + 100}}m ? total * 0.{{i % 9 + 90}}m : total;
            }

            public void Add(Order{{i}} order)
            {
                if (!_byCustomer.TryGetValue(order.Customer, out var list))
                {
                    list = new List<Order{{i}}>();
                    _byCustomer[order.Customer] = list;
                }

                list.Add(order);
            }
        }
        """;

    private static string Controller(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        namespace Shop.Api.N{{i / 100}};

        public sealed record ProductDto{{i}}(int Id, string Name, decimal Price, string[] Tags);

        [ApiController]
        [Route("api/products{{i}}")]
        public sealed class Products{{i}}Controller : ControllerBase
        {
            private static readonly List<ProductDto{{i}}> Products = Enumerable.Range(1, {{i % 40 + 5}})
                .Select(n => new ProductDto{{i}}(n, "Product " + n, n * 1.5m, new[] { "tag" + (n % 3) }))
                .ToList();

            [HttpGet]
            public ActionResult<IEnumerable<ProductDto{{i}}>> List([FromQuery] string? tag, [FromQuery] int page = 1)
            {
                if (page < 1)
                {
                    return BadRequest("page must be positive");
                }

                var query = Products.AsEnumerable();
                if (!string.IsNullOrEmpty(tag))
                {
                    query = query.Where(p => p.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase));
                }

                return Ok(query.Skip((page - 1) * 20).Take(20));
            }

            [HttpGet("{id:int}")]
            public async Task<IActionResult> Get(int id, CancellationToken cancellationToken)
            {
                await Task.Delay(0, cancellationToken);
                var product = Products.FirstOrDefault(p => p.Id == id);
                if (product is null)
                {
                    return NotFound();
                }

                Response.Headers.CacheControl = "public, max-age={{i % 600 + 60}}";
                return Ok(product);
            }

            [HttpPost]
            public IActionResult Create([FromBody] ProductDto{{i}} product)
            {
                if (product.Price <= 0)
                {
                    ModelState.AddModelError(nameof(product.Price), "must be positive");
                    return ValidationProblem(ModelState);
                }

                Products.Add(product with { Id = Products.Count + 1 });
                return CreatedAtAction(nameof(Get), new { id = Products.Count }, product);
            }

            [HttpGet("{id:int}/export")]
            public async Task Export(int id)
            {
                Response.ContentType = "text/csv";
                await Response.WriteAsync("id,name,price\n");
                foreach (var p in Products.Where(p => p.Id >= id))
                {
                    await Response.WriteAsync($"{p.Id},{p.Name},{p.Price}\n");
                }
            }
        }
        """;

    internal static string TemplateMiddleware(int i, bool restoreInFinally) => $$"""
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Shop.Web.Middleware.N{{i / 100}};

        public sealed class ResponseLogging{{i}}Middleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<ResponseLogging{{i}}Middleware> _logger;

            public ResponseLogging{{i}}Middleware(RequestDelegate next, ILogger<ResponseLogging{{i}}Middleware> logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
        {{(restoreInFinally ? """
                try
                {
                    await _next(context);
                    buffer.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    buffer.Seek(0, SeekOrigin.Begin);
                    _logger.LogInformation("Response {Status}: {Body}", context.Response.StatusCode, text);
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
        """ : """
                await _next(context);
                buffer.Position = 0;
                var text = await new StreamReader(buffer).ReadToEndAsync();
                buffer.Position = 0;
                _logger.LogInformation("Response {Status}: {Body}", context.Response.StatusCode, text);
                await buffer.CopyToAsync(originalBody);
                context.Response.Body = originalBody;
        """)}}
            }
        }
        """;

    private static string LoggingMiddleware(int i) => $$"""
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Shop.Web.Middleware.N{{i / 100}};

        public sealed class Timing{{i}}Middleware : IMiddleware
        {
            private readonly ILogger<Timing{{i}}Middleware> _logger;

            public Timing{{i}}Middleware(ILogger<Timing{{i}}Middleware> logger) => _logger = logger;

            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var started = Stopwatch.GetTimestamp();
                context.Response.OnStarting(static state =>
                {
                    var ctx = (HttpContext)state;
                    ctx.Response.Headers["X-Instance"] = "{{i}}";
                    return Task.CompletedTask;
                }, context);
                try
                {
                    await next(context);
                }
                catch (Exception ex) when (LogFailure(ex, context))
                {
                    throw;
                }
                finally
                {
                    _logger.LogInformation("{Method} {Path} {Status} in {Elapsed} ms", context.Request.Method, context.Request.Path, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            private bool LogFailure(Exception ex, HttpContext context)
            {
                _logger.LogError(ex, "Request {Path} failed", context.Request.Path);
                return false;
            }
        }
        """;

    private static string MinimalApi(int i) => $$"""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        namespace Shop.Endpoints.N{{i / 100}};

        public static class Endpoints{{i}}
        {
            public static IEndpointRouteBuilder MapShop{{i}}(this IEndpointRouteBuilder routes)
            {
                var group = routes.MapGroup("/shop{{i}}");
                group.MapGet("/health", () => Results.Ok(new { status = "ok", instance = {{i}} }));
                group.MapGet("/items/{id:int}", (int id) => id > 0 ? Results.Ok(new { id }) : Results.NotFound());
                group.MapPost("/echo", async (HttpContext context) =>
                {
                    using var reader = new StreamReader(context.Request.Body);
                    var text = await reader.ReadToEndAsync();
                    return Results.Text(text, "text/plain");
                });
                return routes;
            }

            public static IApplicationBuilder UseShopHeaders{{i}}(this IApplicationBuilder app) =>
                app.Use(async (context, next) =>
                {
                    context.Response.Headers["X-Shop"] = "{{i}}";
                    await next(context);
                });
        {{(i % 8 == 0 ? $$"""

            public static IApplicationBuilder UseBodyPeek{{i}}(this IApplicationBuilder app) =>
                app.Use(async (context, next) =>
                {
                    var original = context.Response.Body;
                    await using var copy = new MemoryStream();
                    context.Response.Body = copy;
                    try
                    {
                        await next(context);
                        copy.Position = 0;
                        context.Response.Headers["X-Length"] = copy.Length.ToString();
                        await copy.CopyToAsync(original);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                });
        """ : "")}}
        }
        """;

    internal static string StreamWrapper(int i, bool complete) => $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Shop.Infrastructure.Streams.N{{i / 100}};

        public sealed class Counting{{i}}Stream : Stream
        {
            private readonly Stream _inner;
            private long _written;

            public Counting{{i}}Stream(Stream inner) => _inner = inner;

            public long Written => _written;

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => _inner.CanWrite;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count)
            {
                _inner.Write(buffer, offset, count);
                Interlocked.Add(ref _written, count);
            }
        {{(complete ? """

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                _inner.Write(buffer);
                Interlocked.Add(ref _written, buffer.Length);
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _written, count);
            }

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _written, buffer.Length);
            }

            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
        """ : "")}}
        }
        """;

    internal static string PipeWriterWrapper(int i, bool complete) => $$"""
        using System;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Shop.Infrastructure.Pipes.N{{i / 100}};

        public sealed class Counting{{i}}PipeWriter : PipeWriter
        {
            private readonly PipeWriter _inner;
            private long _advanced;

            public Counting{{i}}PipeWriter(PipeWriter inner) => _inner = inner;

            public long Advanced => _advanced;

            public override void Advance(int bytes)
            {
                _advanced += bytes;
                _inner.Advance(bytes);
            }

            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
        {{(complete ? """
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes;
        """ : """
            public override void Complete(Exception? exception = null) => _inner.Complete();
        """)}}
        }
        """;

    internal static string BodyFeatureWrapper(int i, bool complete) => $$"""
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        namespace Shop.Infrastructure.Features.N{{i / 100}};

        public sealed class Tagging{{i}}BodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;

            public Tagging{{i}}BodyFeature(IHttpResponseBodyFeature inner) => _inner = inner;

            public Stream Stream => _inner.Stream;
        {{(complete ? """
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        """ : """
            public PipeWriter Writer => PipeWriter.Create(Stream);
            public void DisableBuffering() { }
            public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);
            public Task CompleteAsync() => Task.CompletedTask;
        """)}}
        }

        public static class Tagging{{i}}Extensions
        {
            public static void UseTagging{{i}}(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new Tagging{{i}}BodyFeature(previous));
            }
        }
        """;

    internal static string Handler(int i, bool replacesContent) => $$"""
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        namespace Shop.Clients.N{{i / 100}};

        public sealed class Logging{{i}}Handler : DelegatingHandler
        {
            private readonly ILogger<Logging{{i}}Handler> _logger;

            public Logging{{i}}Handler(ILogger<Logging{{i}}Handler> logger) => _logger = logger;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        {{(replacesContent ? """
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                _logger.LogDebug("{Uri} answered {Body}", request.RequestUri, body);
                response.Content = new StringContent(body);
        """ : """
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                _logger.LogDebug("{Uri} answered {Body}", request.RequestUri, body);
        """)}}
                return response;
            }
        }
        """;

    private static string Records(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;

        namespace Shop.Contracts.N{{i / 100}};

        public enum Status{{i}} { Pending, Paid, Shipped, Cancelled }

        public sealed record Invoice{{i}}(
            [property: JsonPropertyName("id")] Guid Id,
            [property: JsonPropertyName("amount")] decimal Amount,
            [property: JsonPropertyName("status")] Status{{i}} Status,
            IReadOnlyDictionary<string, string> Metadata);

        public static class Invoice{{i}}Json
        {
            private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

            public static string Serialize(Invoice{{i}} invoice) => JsonSerializer.Serialize(invoice, Options);

            public static Invoice{{i}}? Deserialize(string json) => JsonSerializer.Deserialize<Invoice{{i}}>(json, Options);

            public static Status{{i}} Next(Status{{i}} status) => status switch
            {
                Status{{i}}.Pending => Status{{i}}.Paid,
                Status{{i}}.Paid => Status{{i}}.Shipped,
                _ => status,
            };
        }
        """;
}
