namespace Snoop.Hosting.Tests;

/// <summary>
/// Client-side "log the response body" code the way it is written in the wild: a <c>DelegatingHandler</c> that reads the
/// body and puts new content back so that the caller can read it again (SNOOP008). The handler keeps what it read in
/// <c>LastBody</c>, the stand-in for a log line, so that the test can see the handler still gets the body after the fix.
/// </summary>
internal static class NaiveClientSources
{
    public const string HandlerType = "Naive.ResponseLoggingHandler";

    public const string LoggingHandler = """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Naive;

        public sealed class ResponseLoggingHandler : DelegatingHandler
        {
            public string? LastBody { get; private set; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                LastBody = body;

                // Put the body back so that the caller can read it again.
                response.Content = new StringContent(body);
                return response;
            }
        }
        """;
}
