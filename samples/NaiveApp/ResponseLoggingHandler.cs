namespace NaiveApp;

/// <summary>
/// Logs the body of every response an outgoing HttpClient call receives, the naive way: it reads the body and
/// then replaces the content so that the caller can read it again. The new StringContent says
/// "text/plain; charset=utf-8" and has lost Content-Encoding, Content-Disposition, Last-Modified and the rest.
/// </summary>
public sealed class ResponseLoggingHandler(ILogger<ResponseLoggingHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        logger.LogInformation("{Method} {Uri} -> {Status}: {Body}", request.Method, request.RequestUri, (int)response.StatusCode, body);
        response.Content = new StringContent(body);
        return response;
    }
}
