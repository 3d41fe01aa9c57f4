using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;

namespace Snoop.Analyzers;

/// <summary>
/// The rules that look at type declarations: hand-written <c>Stream</c>, <c>IHttpResponseBodyFeature</c>,
/// <c>HttpResponse</c>/<c>HttpContext</c> and <c>PipeWriter</c> wrappers (SNOOP003, SNOOP004's wrapper types, SNOOP005
/// and SNOOP006), behind one callback per named type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WrapperTypeAnalyzer : RuleHostAnalyzer
{
    /// <summary>Hosts the wrapper-type rules.</summary>
    public WrapperTypeAnalyzer()
        : base(
            new StreamWrapperRule(),
            new BodyFeatureWrapperRule(),
            new HttpAbstractionWrapperRule(),
            new PipeWriterWrapperRule())
    {
    }
}
