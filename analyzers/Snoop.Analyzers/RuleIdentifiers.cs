namespace Snoop.Analyzers;

/// <summary>The rule IDs. They are a promise to users: never renumber, never reuse.</summary>
public static class RuleIdentifiers
{
    /// <summary>Response body captured in a buffer.</summary>
    public const string BufferedResponseBody = "SNOOP001";

    /// <summary>Swapped response body not restored on every path.</summary>
    public const string BodyNotRestored = "SNOOP002";

    /// <summary>Stream wrapper sends async writes down a blocking path.</summary>
    public const string StreamWrapperBlocksAsync = "SNOOP003";

    /// <summary>Body-feature wrapper drops a capability.</summary>
    public const string BodyFeatureDropsCapability = "SNOOP004";

    /// <summary><c>HttpResponse</c>/<c>HttpContext</c> wrapper hides members.</summary>
    public const string HttpAbstractionWrapperHidesMembers = "SNOOP005";

    /// <summary><c>PipeWriter</c> wrapper hides capabilities.</summary>
    public const string PipeWriterWrapperHidesCapabilities = "SNOOP006";

    /// <summary>Response body replaced by a wrapper stream instead of decorating the body feature.</summary>
    public const string BodyReplacedByWrapper = "SNOOP007";

    /// <summary>HttpClient handler replaces the response content and loses its headers.</summary>
    public const string ResponseContentReplaced = "SNOOP008";

    /// <summary>The base address of the rule pages; every descriptor's help link is built here.</summary>
    public const string HelpLinkBase = "https://github.com/snoop-dotnet/snoop/blob/main/docs/rules/";

    /// <summary>The help link of a rule: its page under <c>docs/rules/</c>.</summary>
    public static string GetHelpUri(string id) => HelpLinkBase + id + ".md";
}
