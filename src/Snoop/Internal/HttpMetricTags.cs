using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Snoop.Internal;

/// <summary>
/// The attribute values of OpenTelemetry's HTTP server metrics, by the rules ASP.NET Core's hosting applies to
/// <c>http.server.request.duration</c>, so that the two metrics can be joined on their attributes.
/// </summary>
internal static class HttpMetricTags
{
    public const string Method = "http.request.method";
    public const string Scheme = "url.scheme";
    public const string StatusCode = "http.response.status_code";
    public const string Route = "http.route";
    public const string ErrorType = "error.type";
    public const string ProtocolVersion = "network.protocol.version";

    /// <summary>The value for a method outside <see cref="s_knownMethods"/>: keeps the attribute's cardinality bounded.</summary>
    public const string OtherMethod = "_OTHER";

    /// <summary>Where ASP.NET Core's exception handler and status-code pages keep the endpoint they clear before re-executing.</summary>
    private const string OriginalEndpointKey = "__OriginalEndpoint";

    /// <summary>The methods of RFC 9110 and PATCH, matched ignoring case, reported in their canonical case.</summary>
    private static readonly FrozenDictionary<string, string> s_knownMethods = new[]
    {
        HttpMethods.Connect, HttpMethods.Delete, HttpMethods.Get, HttpMethods.Head, HttpMethods.Options,
        HttpMethods.Patch, HttpMethods.Post, HttpMethods.Put, HttpMethods.Trace,
    }.ToFrozenDictionary(static method => method, StringComparer.OrdinalIgnoreCase);

    /// <summary>Boxed status codes (a tag value is an object), filled as codes are seen, so that recording does not box each time.</summary>
    private static readonly object?[] s_boxedStatusCodes = new object?[600];

    /// <summary>The <see cref="ErrorType"/> value of a 5xx status without an exception, filled as codes are seen.</summary>
    private static readonly string?[] s_statusCodeTexts = new string?[600];

    public static string NormalizeMethod(string method)
        => s_knownMethods.TryGetValue(method, out var known) ? known : OtherMethod;

    /// <summary>"1.1", "2", "3", "1.0", "0.9" from the request's protocol; <see langword="null"/> for anything else.</summary>
    public static string? GetProtocolVersion(string protocol)
    {
        if (HttpProtocol.IsHttp11(protocol))
        {
            return "1.1";
        }

        if (HttpProtocol.IsHttp2(protocol))
        {
            return "2";
        }

        if (HttpProtocol.IsHttp3(protocol))
        {
            return "3";
        }

        if (HttpProtocol.IsHttp10(protocol))
        {
            return "1.0";
        }

        return HttpProtocol.IsHttp09(protocol) ? "0.9" : null;
    }

    public static object BoxStatusCode(int statusCode)
        => (uint)statusCode < (uint)s_boxedStatusCodes.Length
            ? s_boxedStatusCodes[statusCode] ??= statusCode
            : statusCode;

    /// <summary>
    /// The route template of the endpoint that handled the request (or of the one a re-executing middleware
    /// cleared), "/" for the empty template; <see langword="null"/> when no endpoint matched.
    /// </summary>
    public static string? GetRoute(HttpContext context)
    {
        var endpoint = context.GetEndpoint();

        // Through the feature, not HttpContext.Items, which would create the items of a request that has none.
        if (endpoint is null && context.Features.Get<IItemsFeature>()?.Items is { } items && items.TryGetValue(OriginalEndpointKey, out var original))
        {
            endpoint = original as Endpoint;
        }

        if (endpoint is null)
        {
            return null;
        }

        var route = endpoint.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        return route is null ? null : route.Length == 0 ? "/" : route;
    }

    /// <summary>
    /// In hosting's order: the <see cref="ErrorType"/> a middleware gave ASP.NET Core's own request metric (the
    /// exception handler does, for the exception it handled); else the full type name of the exception that
    /// escaped; else the status code for a 5xx status; else <see langword="null"/>: the request did not fail.
    /// </summary>
    public static object? GetErrorType(HttpContext context, int statusCode, Exception? exception)
    {
        if (context.Features.Get<IHttpMetricsTagsFeature>()?.Tags is { Count: > 0 } metricsTags
            && FindErrorType(metricsTags) is { } given)
        {
            return given;
        }

        if (exception is not null)
        {
            return exception.GetType().FullName;
        }

        if (statusCode is >= 500 and <= 599)
        {
            return s_statusCodeTexts[statusCode] ??= statusCode.ToString(CultureInfo.InvariantCulture);
        }

        return null;
    }

    private static object? FindErrorType(ICollection<KeyValuePair<string, object?>> tags)
    {
        if (tags is List<KeyValuePair<string, object?>> list)
        {
            // Hosting's own collection: enumerated without boxing an enumerator on every request.
            foreach (var tag in list)
            {
                if (tag.Key == ErrorType)
                {
                    return tag.Value;
                }
            }

            return null;
        }

        foreach (var tag in tags)
        {
            if (tag.Key == ErrorType)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
