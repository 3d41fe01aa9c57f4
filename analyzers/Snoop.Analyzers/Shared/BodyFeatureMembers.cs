using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Shared;

/// <summary>The members of <c>IHttpResponseBodyFeature</c> a wrapper must pass on to the feature it wraps.</summary>
internal enum BodyFeatureMember
{
    /// <summary><c>DisableBuffering()</c>.</summary>
    DisableBuffering,

    /// <summary><c>StartAsync(CancellationToken)</c>.</summary>
    StartAsync,

    /// <summary><c>SendFileAsync(string, long, long?, CancellationToken)</c>.</summary>
    SendFileAsync,

    /// <summary><c>CompleteAsync()</c>.</summary>
    CompleteAsync,

    /// <summary>The <c>Writer</c> property.</summary>
    Writer,
}

/// <summary>
/// The members of <c>IHttpResponseBodyFeature</c> that SNOOP004 and its fixer reason about, looked up once per
/// compilation. The fixer forwards a method with exactly the parameters it has here.
/// </summary>
internal sealed class BodyFeatureMembers
{
    /// <summary>The methods, in <see cref="BodyFeatureMember"/> order (the <see cref="BodyFeatureMember.Writer"/> property excluded).</summary>
    public const int MethodCount = 4;

    private readonly IMethodSymbol[] _methods;

    private BodyFeatureMembers(INamedTypeSymbol feature, IMethodSymbol[] methods, IPropertySymbol stream, IPropertySymbol writer)
    {
        Feature = feature;
        _methods = methods;
        Stream = stream;
        Writer = writer;
    }

    /// <summary><c>IHttpResponseBodyFeature</c>.</summary>
    public INamedTypeSymbol Feature { get; }

    /// <summary>The <c>Stream</c> property.</summary>
    public IPropertySymbol Stream { get; }

    /// <summary>The <c>Writer</c> property.</summary>
    public IPropertySymbol Writer { get; }

    /// <summary>The method of <paramref name="member"/>; null for <see cref="BodyFeatureMember.Writer"/>.</summary>
    public IMethodSymbol? GetMethod(BodyFeatureMember member)
        => member is >= BodyFeatureMember.DisableBuffering and < BodyFeatureMember.Writer ? _methods[(int)member] : null;

    /// <summary>The member of that name (as carried in a diagnostic property), or false.</summary>
    public static bool TryParse(string? name, out BodyFeatureMember member)
    {
        for (member = BodyFeatureMember.DisableBuffering; member <= BodyFeatureMember.Writer; member++)
        {
            if (name == Name(member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member's name as declared by the interface.</summary>
    public static string Name(BodyFeatureMember member) => member switch
    {
        BodyFeatureMember.DisableBuffering => "DisableBuffering",
        BodyFeatureMember.StartAsync => "StartAsync",
        BodyFeatureMember.SendFileAsync => "SendFileAsync",
        BodyFeatureMember.CompleteAsync => "CompleteAsync",
        _ => "Writer",
    };

    /// <summary>How many parameters the method of <paramref name="member"/> takes (what a forwarding call passes on); 0 for <see cref="BodyFeatureMember.Writer"/>.</summary>
    public static int ParameterCount(BodyFeatureMember member) => member switch
    {
        BodyFeatureMember.StartAsync => 1,
        BodyFeatureMember.SendFileAsync => 4,
        _ => 0,
    };

    /// <summary>The table for the compilation; null when the interface or one of its members is missing.</summary>
    public static BodyFeatureMembers? Create(KnownTypes known)
    {
        var feature = known.IHttpResponseBodyFeature;
        if (feature is null)
        {
            return null;
        }

        var methods = new IMethodSymbol[MethodCount];
        for (var i = 0; i < MethodCount; i++)
        {
            var member = (BodyFeatureMember)i;
            var method = SymbolFacts.FindMethod(feature, Name(member), ParameterCount(member));
            if (method is null)
            {
                return null;
            }

            methods[i] = method;
        }

        var stream = SymbolFacts.FindProperty(feature, "Stream");
        var writer = SymbolFacts.FindProperty(feature, "Writer");
        return stream is null || writer is null ? null : new BodyFeatureMembers(feature, methods, stream, writer);
    }
}
