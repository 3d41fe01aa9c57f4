using Microsoft.CodeAnalysis.Testing;
using Snoop.Analyzers.Rules;
using Snoop.CodeFixes.Rules;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    Snoop.Analyzers.Rules.BodyFeatureWrapperAnalyzer,
    Snoop.CodeFixes.Rules.BodyFeatureWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

public class BodyFeatureWrapperTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        """;

    // ---------------------------------------------------------------- fires

    [Fact]
    public async Task EmptyMembersAreReported()
    {
        var source = Usings + """
            public sealed class CountingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public CountingFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void {|SNOOP004:DisableBuffering|}() { }
                public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task {|SNOOP004:CompleteAsync|}() => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAnalyzerAsync(source);
    }
}
