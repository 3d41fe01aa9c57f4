using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Tests.Shared;

public class MemberTablesTests
{
    private static readonly Snippet s_snippet = Snippet.Compile("public class C { }");

    [Fact]
    public void BodyFeatureMembers_EveryMethodHasTheParameterCountTheFixerPassesOn()
    {
        var members = BodyFeatureMembers.Create(s_snippet.Known);
        Assert.NotNull(members);
        for (var member = BodyFeatureMember.DisableBuffering; member < BodyFeatureMember.Writer; member++)
        {
            var method = members!.GetMethod(member);
            Assert.NotNull(method);
            Assert.Equal(BodyFeatureMembers.Name(member), method!.Name);
            Assert.Equal(BodyFeatureMembers.ParameterCount(member), method.Parameters.Length);
        }

        Assert.Null(members!.GetMethod(BodyFeatureMember.Writer));
        Assert.Equal("Writer", members.Writer.Name);
    }

    [Fact]
    public void BodyFeatureMembers_NamesRoundTrip()
    {
        for (var member = BodyFeatureMember.DisableBuffering; member <= BodyFeatureMember.Writer; member++)
        {
            Assert.True(BodyFeatureMembers.TryParse(BodyFeatureMembers.Name(member), out var parsed));
            Assert.Equal(member, parsed);
        }

        Assert.False(BodyFeatureMembers.TryParse("Stream", out _));
        Assert.False(BodyFeatureMembers.TryParse(null, out _));
    }

    [Fact]
    public void StreamMembers_AreTheOverloadsTheRuleNames()
    {
        var members = StreamMembers.Create(s_snippet.Known)!;
        Assert.Equal(3, members.WriteArray!.Parameters.Length);
        Assert.Equal("ReadOnlySpan", members.WriteSpan!.Parameters[0].Type.Name);
        Assert.Equal(4, members.WriteAsyncArray!.Parameters.Length);
        Assert.Equal("ReadOnlyMemory", members.WriteAsyncMemory!.Parameters[0].Type.Name);
        Assert.Equal(5, members.BeginWrite!.Parameters.Length);
        Assert.Single(members.FlushAsync!.Parameters);
        Assert.Equal("Boolean", members.DisposeBool!.Parameters[0].Type.Name);
        Assert.NotNull(members.DisposeNoArguments);
        Assert.NotNull(members.Close);
        Assert.NotNull(members.DisposeAsync);
        Assert.Equal(members.WriteEntryPoints.Length, members.WriteEntryPointNames.Length);
    }

    [Fact]
    public void PipeWriterMembers_AreTheMembersTheRuleNames()
    {
        var members = PipeWriterMembers.Create(s_snippet.Known)!;
        Assert.Equal("Exception", members.Complete!.Parameters[0].Type.Name);
        Assert.Equal("Exception", members.CompleteAsync!.Parameters[0].Type.Name);
        Assert.Equal("Int32", members.Advance!.Parameters[0].Type.Name);
        Assert.NotNull(members.CanGetUnflushedBytes);
        Assert.NotNull(members.UnflushedBytes);
    }
}
