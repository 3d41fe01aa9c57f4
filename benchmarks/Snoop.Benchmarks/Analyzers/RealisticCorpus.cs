namespace Snoop.Benchmarks.Analyzers;

/// <summary>
/// Generates the source files of an ordinary ASP.NET Core line-of-business application, the kind most Snoop users
/// compile: MVC controllers, services calling other services through HttpClient, DTOs (some with members named
/// <c>Body</c>, <c>Content</c> or <c>Stream</c>), EF-style repositories over a context class, xUnit-style tests
/// (which do give a <c>DefaultHttpContext</c> a <c>MemoryStream</c> body), options and validators, background
/// services, and a minimal-API startup class every 100 files. Only one file in 200 is one of the shapes Snoop's
/// rules look at (a wrapper, the MemoryStream template or a content-replacing handler, from
/// <see cref="CorpusGenerator"/>). File 0 holds the small xUnit stand-in the tests compile against. The runtime's own
/// sources, which the generated corpus includes, are left out here: they are almost all shapes.
/// Deterministic: file <c>i</c> is always the same text.
/// </summary>
public static class RealisticCorpus
{
    public static IEnumerable<(string Path, string Text)> Generate(int count)
    {
        // Whole blocks of 20: the controllers, services and tests of a block use the repository file of their block.
        count = (count + 19) / 20 * 20;
        for (var i = 0; i < count; i++)
        {
            string text;
            if (i == 0)
            {
                text = TestFramework;
            }
            else if (i % 200 == 199)
            {
                text = ((i / 200) % 5) switch
                {
                    0 => CorpusGenerator.StreamWrapper(i, complete: (i / 1000) % 2 == 0),
                    1 => CorpusGenerator.TemplateMiddleware(i, restoreInFinally: (i / 1000) % 2 == 0),
                    2 => CorpusGenerator.PipeWriterWrapper(i, complete: (i / 1000) % 2 == 0),
                    3 => CorpusGenerator.Handler(i, replacesContent: (i / 1000) % 2 == 0),
                    _ => CorpusGenerator.BodyFeatureWrapper(i, complete: (i / 1000) % 2 == 0),
                };
            }
            else if (i % 100 == 50)
            {
                text = Startup(i);
            }
            else
            {
                text = (i % 20) switch
                {
                    < 5 => Controller(i),
                    < 8 => Service(i),
                    < 11 => Dtos(i),
                    < 13 => Repository(i),
                    < 17 => Tests(i),
                    17 => Options(i),
                    18 => Worker(i),
                    _ => Mapping(i),
                };
            }

            yield return ($"Realistic/File{i:D5}.cs", text);
        }
    }

    private const string TestFramework = """
        using System;
        using System.Collections.Generic;

        namespace Xunit;

        [AttributeUsage(AttributeTargets.Method)]
        public class FactAttribute : Attribute { }

        [AttributeUsage(AttributeTargets.Method)]
        public sealed class TheoryAttribute : FactAttribute { }

        [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
        public sealed class InlineDataAttribute : Attribute
        {
            public InlineDataAttribute(params object?[] data) => Data = data;
            public object?[] Data { get; }
        }

        public static class Assert
        {
            public static void Equal<T>(T expected, T actual)
            {
                if (!EqualityComparer<T>.Default.Equals(expected, actual)) throw new InvalidOperationException($"{expected} != {actual}");
            }

            public static void True(bool condition) { if (!condition) throw new InvalidOperationException("false"); }
            public static T IsType<T>(object? value) => value is T t ? t : throw new InvalidOperationException(typeof(T).Name);
            public static void NotNull(object? value) { if (value is null) throw new InvalidOperationException("null"); }
        }
        """;

    private static string Controller(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;
        using Crm.Data.N{{i / 20}};
        using Crm.Services.N{{i / 20}};

        namespace Crm.Api.N{{i / 20}};

        [ApiController]
        [Route("api/customers{{i}}")]
        public sealed class Customers{{i}}Controller : ControllerBase
        {
            private readonly ICustomerRepository{{i / 20}} _repository;
            private readonly IInvoiceService{{i / 20}} _invoices;
            private readonly ILogger<Customers{{i}}Controller> _logger;

            public Customers{{i}}Controller(ICustomerRepository{{i / 20}} repository, IInvoiceService{{i / 20}} invoices, ILogger<Customers{{i}}Controller> logger)
            {
                _repository = repository;
                _invoices = invoices;
                _logger = logger;
            }

            [HttpGet]
            public async Task<ActionResult<IReadOnlyList<CustomerDto{{i / 20}}>>> List([FromQuery] string? search, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
            {
                if (page < 1)
                {
                    return BadRequest(new ProblemDetails { Title = "page must be positive", Status = StatusCodes.Status400BadRequest });
                }

                var customers = await _repository.SearchAsync(search, (page - 1) * 25, 25, cancellationToken);
                Response.Headers["X-Page"] = page.ToString();
                return Ok(customers.Select(c => new CustomerDto{{i / 20}}(c.Id, c.Name, c.Email)).ToList());
            }

            [HttpGet("{id:int}")]
            public async Task<IActionResult> Get(int id, CancellationToken cancellationToken)
            {
                var customer = await _repository.FindAsync(id, cancellationToken);
                if (customer is null)
                {
                    _logger.LogInformation("Customer {Id} not found", id);
                    return NotFound();
                }

                return Ok(new CustomerDto{{i / 20}}(customer.Id, customer.Name, customer.Email));
            }

            [HttpPost]
            public async Task<IActionResult> Create([FromBody] CreateCustomerRequest{{i / 20}} request, CancellationToken cancellationToken)
            {
                if (string.IsNullOrWhiteSpace(request.Name))
                {
                    ModelState.AddModelError(nameof(request.Name), "required");
                    return ValidationProblem(ModelState);
                }

                var customer = new Customer{{i / 20}} { Name = request.Name.Trim(), Email = request.Email };
                await _repository.AddAsync(customer, cancellationToken);
                return CreatedAtAction(nameof(Get), new { id = customer.Id }, new CustomerDto{{i / 20}}(customer.Id, customer.Name, customer.Email));
            }

            [HttpGet("{id:int}/invoice")]
            public async Task<IActionResult> Invoice(int id, CancellationToken cancellationToken)
            {
                var bytes = await _invoices.RenderAsync(id, cancellationToken);
                var stream = new MemoryStream(bytes);
                Response.Headers.ContentDisposition = "attachment; filename=invoice{{i}}.pdf";
                return File(stream, "application/pdf");
            }

            [HttpPost("{id:int}/notes")]
            public async Task<IActionResult> AddNote(int id)
            {
                using var reader = new StreamReader(Request.Body);
                var note = await reader.ReadToEndAsync();
                if (note.Length > {{i % 4000 + 1000}})
                {
                    return StatusCode(StatusCodes.Status413PayloadTooLarge);
                }

                var message = new EmailMessage{{i / 20}} { To = "crm@example.com", Subject = "Note on " + id };
                message.Body = note;
                message.Content = note.Length > 80 ? note[..80] : note;
                return Accepted();
            }
        }
        """;

    private static string Service(int i) => $$"""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;
        using Crm.Data.N{{i / 20}};

        namespace Crm.Services.N{{i / 20}};

        public sealed class Billing{{i}}Service
        {
            private readonly HttpClient _client;
            private readonly ICustomerRepository{{i / 20}} _repository;
            private readonly BillingOptions{{i / 20}} _options;
            private readonly ILogger<Billing{{i}}Service> _logger;

            public Billing{{i}}Service(HttpClient client, ICustomerRepository{{i / 20}} repository, IOptions<BillingOptions{{i / 20}}> options, ILogger<Billing{{i}}Service> logger)
            {
                _client = client;
                _repository = repository;
                _options = options.Value;
                _logger = logger;
            }

            public async Task<decimal> ChargeAsync(int customerId, decimal amount, CancellationToken cancellationToken)
            {
                var customer = await _repository.FindAsync(customerId, cancellationToken) ?? throw new InvalidOperationException("unknown customer " + customerId);
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint + "/charges");
                request.Content = JsonContent.Create(new { customer = customer.Id, amount, currency = "{{(i % 2 == 0 ? "EUR" : "USD")}}" });
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                using var response = await _client.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    var error = await response.Content.ReadAsStringAsync(cancellationToken);
                    _logger.LogWarning("Charge for {Customer} failed: {Status} {Error}", customer.Id, response.StatusCode, error);
                    return 0m;
                }

                var receipt = await response.Content.ReadFromJsonAsync<Receipt{{i}}>(cancellationToken: cancellationToken);
                return receipt?.Charged ?? 0m;
            }

            public async Task ExportAsync(Stream destination, CancellationToken cancellationToken)
            {
                await using var writer = new StreamWriter(destination, Encoding.UTF8, leaveOpen: true);
                foreach (var customer in await _repository.SearchAsync(null, 0, {{i % 500 + 100}}, cancellationToken))
                {
                    await writer.WriteLineAsync($"{customer.Id};{customer.Name};{customer.Email}");
                }

                await writer.FlushAsync(cancellationToken);
            }

            public async Task<string> ArchiveAsync(string path, CancellationToken cancellationToken)
            {
                await using var source = File.OpenRead(path);
                using var content = new StreamContent(source);
                content.Headers.ContentType = new("application/octet-stream");
                using var response = await _client.PutAsync(_options.Endpoint + "/archive", content, cancellationToken);
                response.EnsureSuccessStatusCode();
                return response.Headers.Location?.ToString() ?? string.Empty;
            }

            private sealed record Receipt{{i}}(string Id, decimal Charged);
        }
        """;

    private static string Dtos(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json.Serialization;

        namespace Crm.Contracts.N{{i}};

        public sealed record Address{{i}}(string Street, string City, [property: JsonPropertyName("zip")] string PostalCode, string Country);

        public sealed class Contact{{i}}
        {
            public int Id { get; set; }
            [Required, MaxLength(200)] public string Name { get; set; } = string.Empty;
            [EmailAddress] public string? Email { get; set; }
            public Address{{i}}? Address { get; set; }
            public List<string> Tags { get; set; } = new();
            public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
        }

        public sealed class Message{{i}}
        {
            public string Subject { get; set; } = string.Empty;
            public string Body { get; set; } = string.Empty;
            public string? Content { get; set; }
            public byte[]? Stream { get; set; }
            public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

            public Message{{i}} Reply(string text)
            {
                var reply = new Message{{i}} { Subject = "Re: " + Subject };
                reply.Body = text + Environment.NewLine + "> " + Body;
                reply.Content = Content;
                reply.Headers["In-Reply-To"] = Subject;
                return reply;
            }
        }

        public sealed record PagedResult{{i}}<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
        {
            public int Pages => (Total + PageSize - 1) / PageSize;
            public bool HasNext => Page < Pages;
        }
        """;

    private static string Repository(int i) => i % 20 == 11
        ? $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Crm.Data.N{{i / 20}};

        public sealed class Customer{{i / 20}}
        {
            public int Id { get; set; }
            public string Name { get; set; } = string.Empty;
            public string? Email { get; set; }
            public bool Archived { get; set; }
        }

        public sealed record CustomerDto{{i / 20}}(int Id, string Name, string? Email);

        public sealed record CreateCustomerRequest{{i / 20}}(string Name, string? Email);

        public sealed class EmailMessage{{i / 20}}
        {
            public string To { get; set; } = string.Empty;
            public string Subject { get; set; } = string.Empty;
            public string Body { get; set; } = string.Empty;
            public string Content { get; set; } = string.Empty;
        }

        public class DbSet{{i / 20}}<T> where T : class
        {
            private readonly List<T> _rows = new();
            public IQueryable<T> Query() => _rows.AsQueryable();
            public void Add(T row) => _rows.Add(row);
            public void Remove(T row) => _rows.Remove(row);
        }

        public sealed class CrmContext{{i / 20}}
        {
            public DbSet{{i / 20}}<Customer{{i / 20}}> Customers { get; } = new();
            public int Saves { get; private set; }
            public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(++Saves);
        }

        public interface ICustomerRepository{{i / 20}}
        {
            Task<Customer{{i / 20}}?> FindAsync(int id, CancellationToken cancellationToken);
            Task<IReadOnlyList<Customer{{i / 20}}>> SearchAsync(string? search, int skip, int take, CancellationToken cancellationToken);
            Task AddAsync(Customer{{i / 20}} customer, CancellationToken cancellationToken);
        }

        public sealed class CustomerRepository{{i / 20}} : ICustomerRepository{{i / 20}}
        {
            private readonly CrmContext{{i / 20}} _db;

            public CustomerRepository{{i / 20}}(CrmContext{{i / 20}} db) => _db = db;

            public Task<Customer{{i / 20}}?> FindAsync(int id, CancellationToken cancellationToken) =>
                Task.FromResult(_db.Customers.Query().FirstOrDefault(c => c.Id == id && !c.Archived));

            public Task<IReadOnlyList<Customer{{i / 20}}>> SearchAsync(string? search, int skip, int take, CancellationToken cancellationToken)
            {
                var query = _db.Customers.Query().Where(c => !c.Archived);
                if (!string.IsNullOrWhiteSpace(search))
                {
                    query = query.Where(c => c.Name.Contains(search) || (c.Email != null && c.Email.Contains(search)));
                }

                IReadOnlyList<Customer{{i / 20}}> page = query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(skip).Take(take).ToList();
                return Task.FromResult(page);
            }

            public async Task AddAsync(Customer{{i / 20}} customer, CancellationToken cancellationToken)
            {
                customer.Id = _db.Customers.Query().Select(c => c.Id).DefaultIfEmpty().Max() + 1;
                _db.Customers.Add(customer);
                await _db.SaveChangesAsync(cancellationToken);
            }
        }
        """
        : $$"""
        using System;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Crm.Data.N{{i / 20}};

        namespace Crm.Services.N{{i / 20}};

        public interface IInvoiceService{{i / 20}}
        {
            Task<byte[]> RenderAsync(int customerId, CancellationToken cancellationToken);
        }

        public sealed class BillingOptions{{i / 20}}
        {
            public string Endpoint { get; set; } = "https://billing.example.com";
            public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds({{i % 30 + 5}});
        }

        public sealed class InvoiceService{{i / 20}} : IInvoiceService{{i / 20}}
        {
            private readonly ICustomerRepository{{i / 20}} _customers;

            public InvoiceService{{i / 20}}(ICustomerRepository{{i / 20}} customers) => _customers = customers;

            public async Task<byte[]> RenderAsync(int customerId, CancellationToken cancellationToken)
            {
                var customer = await _customers.FindAsync(customerId, cancellationToken);
                var lines = Enumerable.Range(1, customerId % 7 + 1).Select(n => $"{n}: {customer?.Name} {n * 9.5m:F2}");
                return System.Text.Encoding.UTF8.GetBytes("%PDF-1.4\n" + string.Join("\n", lines));
            }
        }
        """;

    private static string Tests(int i) => $$"""
        using System;
        using System.IO;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging.Abstractions;
        using Crm.Api.N{{i / 20}};
        using Crm.Data.N{{i / 20}};
        using Crm.Services.N{{i / 20}};
        using Xunit;

        namespace Crm.Tests.N{{i}};

        public sealed class Customers{{i}}Tests
        {
            private readonly CrmContext{{i / 20}} _db = new();

            private Customers{{i / 20 * 20 + 1}}Controller CreateController()
            {
                var repository = new CustomerRepository{{i / 20}}(_db);
                var controller = new Customers{{i / 20 * 20 + 1}}Controller(repository, new InvoiceService{{i / 20}}(repository), NullLogger<Customers{{i / 20 * 20 + 1}}Controller>.Instance);
                var context = new DefaultHttpContext();
                context.Response.Body = new MemoryStream();
                controller.ControllerContext = new ControllerContext { HttpContext = context };
                return controller;
            }

            [Fact]
            public async Task Get_returns_not_found_for_unknown_id()
            {
                var result = await CreateController().Get({{i}}, CancellationToken.None);
                Assert.IsType<NotFoundResult>(result);
            }

            [Theory]
            [InlineData("Ada", "ada@example.com")]
            [InlineData("Grace", null)]
            public async Task Create_then_get(string name, string? email)
            {
                var controller = CreateController();
                var created = await controller.Create(new CreateCustomerRequest{{i / 20}}(name, email), CancellationToken.None);
                Assert.IsType<CreatedAtActionResult>(created);
                var found = await controller.Get(1, CancellationToken.None);
                Assert.Equal(name, ((CustomerDto{{i / 20}})Assert.IsType<OkObjectResult>(found).Value!).Name);
            }

            [Fact]
            public async Task Notes_over_the_limit_are_rejected()
            {
                var controller = CreateController();
                controller.HttpContext.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', {{i % 4000 + 1001}})));
                var result = await controller.AddNote(7);
                Assert.Equal(StatusCodes.Status413PayloadTooLarge, Assert.IsType<StatusCodeResult>(result).StatusCode);
            }

            [Fact]
            public async Task Middleware_writes_the_header()
            {
                var context = new DefaultHttpContext();
                var body = new MemoryStream();
                context.Response.Body = body;
                RequestDelegate next = ctx => ctx.Response.WriteAsync("hello {{i}}");
                await next(context);
                body.Position = 0;
                using var reader = new StreamReader(body);
                Assert.Equal("hello {{i}}", await reader.ReadToEndAsync());
            }
        }
        """;

    private static string Options(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.Options;

        namespace Crm.Configuration.N{{i}};

        public sealed class Smtp{{i}}Options
        {
            public const string Section = "Smtp{{i}}";
            public string Host { get; set; } = "localhost";
            public int Port { get; set; } = {{i % 1000 + 25}};
            public bool UseTls { get; set; } = true;
            public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
        }

        public sealed class Smtp{{i}}OptionsValidator : IValidateOptions<Smtp{{i}}Options>
        {
            public ValidateOptionsResult Validate(string? name, Smtp{{i}}Options options)
            {
                var failures = new List<string>();
                if (string.IsNullOrWhiteSpace(options.Host)) failures.Add("Host is required");
                if (options.Port is <= 0 or > 65535) failures.Add("Port is out of range");
                if (options.Timeout <= TimeSpan.Zero) failures.Add("Timeout must be positive");
                return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
            }
        }
        """;

    private static string Worker(int i) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        namespace Crm.Workers.N{{i}};

        public sealed class Outbox{{i}}Worker : BackgroundService
        {
            private readonly Channel<string> _queue = Channel.CreateBounded<string>({{i % 100 + 10}});
            private readonly ILogger<Outbox{{i}}Worker> _logger;

            public Outbox{{i}}Worker(ILogger<Outbox{{i}}Worker> logger) => _logger = logger;

            public ValueTask EnqueueAsync(string message, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(message, cancellationToken);

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
                {
                    try
                    {
                        _logger.LogInformation("Sending {Message}", message);
                        await Task.Delay(TimeSpan.FromMilliseconds({{i % 50}}), stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _logger.LogError(ex, "Sending {Message} failed", message);
                    }
                }
            }
        }
        """;

    private static string Mapping(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.Extensions.DependencyInjection;
        using Crm.Data.N{{i / 20}};
        using Crm.Services.N{{i / 20}};

        namespace Crm.Composition.N{{i}};

        public static class Registration{{i}}
        {
            public static IServiceCollection AddCrm{{i}}(this IServiceCollection services)
            {
                services.AddSingleton<CrmContext{{i / 20}}>();
                services.AddScoped<ICustomerRepository{{i / 20}}, CustomerRepository{{i / 20}}>();
                services.AddScoped<IInvoiceService{{i / 20}}, InvoiceService{{i / 20}}>();
                services.AddOptions<BillingOptions{{i / 20}}>().Configure(o => o.Endpoint = "https://billing{{i}}.example.com");
                return services;
            }

            public static IEnumerable<CustomerDto{{i / 20}}> ToDtos(this IEnumerable<Customer{{i / 20}}> customers) =>
                customers.Where(c => !c.Archived).Select(c => new CustomerDto{{i / 20}}(c.Id, c.Name, c.Email));
        }
        """;

    private static string Startup(int i) => $$"""
        using System;
        using System.Diagnostics;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        namespace Crm.Host.N{{i}};

        public static class Program{{i}}
        {
            public static WebApplication Build(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddControllers();
                builder.Services.AddProblemDetails();

                var app = builder.Build();
                if (!app.Environment.IsDevelopment())
                {
                    app.UseExceptionHandler();
                }

                app.Use(async (context, next) =>
                {
                    var started = Stopwatch.GetTimestamp();
                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers["Server-Timing"] = $"app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1}";
                        return System.Threading.Tasks.Task.CompletedTask;
                    });
                    await next(context);
                });

                app.MapControllers();
                app.MapGet("/health", () => Results.Ok(new { status = "healthy", at = DateTimeOffset.UtcNow }));
                app.MapPost("/echo", async (HttpRequest request) =>
                {
                    using var reader = new System.IO.StreamReader(request.Body);
                    return Results.Text(await reader.ReadToEndAsync(), "text/plain");
                });
                return app;
            }
        }
        """;
}
