using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;

namespace Snoop.Analyzers;

/// <summary>
/// The rules that look at call sites and assignments in method bodies: <c>Response.Body = ...</c>,
/// <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(...)</c> and <c>response.Content = ...</c> (SNOOP001, SNOOP002,
/// SNOOP004's install sites, SNOOP007 and SNOOP008), behind one callback per assignment and one per invocation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResponseSiteAnalyzer : RuleHostAnalyzer
{
    /// <summary>Hosts the call-site rules.</summary>
    public ResponseSiteAnalyzer()
        : base(
            new BufferedResponseBodyRule(),
            new BodyNotRestoredRule(),
            new BodyFeatureInstallRule(),
            new BodyReplacedByWrapperRule(),
            new ResponseContentReplacedRule())
    {
    }
}
