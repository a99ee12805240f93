using System.IO.Compression;
using System.Net;
using System.Text;
using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using EnergySom.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Metering.Tests.Storage.Influx;

/// <summary>
/// Requests as sent, and answers a real InfluxDB 1.6 cannot be made to give on demand (429/503 with Retry-After),
/// through a scripted message handler.
/// </summary>
public class InfluxHttpClientTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 6, 1, 12, 0);
    private static readonly byte[] Lines = Encoding.UTF8.GetBytes("m,meter=a value=1,flags=0i 1\n");

    private sealed class Script : HttpMessageHandler
    {
        public Queue<Func<HttpResponseMessage>> Answers { get; } = new();

        public List<(HttpRequestMessage Request, byte[] Body, DateTime At)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Requests.Add((request, body, DateTime.UtcNow));
            return Answers.Count > 0 ? Answers.Dequeue()() : new HttpResponseMessage(HttpStatusCode.NoContent);
        }
    }

    private static HttpResponseMessage Throttled(HttpStatusCode status, Action<HttpResponseMessage> retryAfter)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{\"error\":\"slow down\"}") };
        retryAfter(response);
        return response;
    }

    [Fact]
    public async Task V1Write_GoesToWrite_WithDatabasePrecisionAndBasicAuth()
    {
        var script = new Script();
        using var client = new InfluxHttpClient(new InfluxOptions { Url = new Uri("http://influx.test:8086/"), Database = "energy db", RetentionPolicy = "rp1", Username = "u", Password = "p", Gzip = false, Precision = TimestampPrecision.Milliseconds }, new ManualClock(Now), NullLogger.Instance, script);

        await client.WriteAsync(Lines, CancellationToken.None);

        var (request, body, _) = Assert.Single(script.Requests);
        Assert.Equal("http://influx.test:8086/write?db=energy%20db&rp=rp1&precision=ms", request.RequestUri!.AbsoluteUri);
        Assert.Equal("Basic", request.Headers.Authorization!.Scheme);
        Assert.Equal("u:p", Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.Parameter!)));
        Assert.Equal(Lines, body);
    }

    [Fact]
    public async Task V2Write_GoesToApiV2Write_WithOrgBucketTokenAndGzip()
    {
        var script = new Script();
        using var client = new InfluxHttpClient(new InfluxOptions { Url = new Uri("http://influx.test:8086/"), Api = InfluxApi.V2, Org = "esco", Bucket = "energy", Token = "s3cr3t" }, new ManualClock(Now), NullLogger.Instance, script);

        await client.WriteAsync(Lines, CancellationToken.None);

        var (request, body, _) = Assert.Single(script.Requests);
        Assert.Equal("http://influx.test:8086/api/v2/write?org=esco&bucket=energy&precision=ns", request.RequestUri!.ToString());
        Assert.Equal("Token s3cr3t", request.Headers.Authorization!.ToString());
        Assert.Contains("gzip", request.Content!.Headers.ContentEncoding);
        Assert.Equal("text/plain; charset=utf-8", request.Content.Headers.ContentType!.ToString());
        using var unzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await unzip.CopyToAsync(plain);
        Assert.Equal(Lines, plain.ToArray());
    }

    [Fact]
    public async Task TooManyRequests_WaitsForRetryAfter_ThenSucceeds()
    {
        var script = new Script();
        script.Answers.Enqueue(() => Throttled(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1))));
        using var client = new InfluxHttpClient(new InfluxOptions { Url = new Uri("http://influx.test/"), Database = "e" }, new ManualClock(Now), NullLogger.Instance, script);

        await client.WriteAsync(Lines, CancellationToken.None);

        Assert.Equal(2, script.Requests.Count);
        Assert.True(script.Requests[1].At - script.Requests[0].At >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task ServiceUnavailable_WithAnHttpDate_IsHonoured()
    {
        var script = new Script();
        script.Answers.Enqueue(() => Throttled(HttpStatusCode.ServiceUnavailable, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(Now.Plus(Duration.FromSeconds(1)).ToDateTimeOffset())));
        using var client = new InfluxHttpClient(new InfluxOptions { Url = new Uri("http://influx.test/"), Database = "e" }, new ManualClock(Now), NullLogger.Instance, script);

        await client.WriteAsync(Lines, CancellationToken.None);

        Assert.True(script.Requests[1].At - script.Requests[0].At >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task LongRetryAfter_IsHandedToTheCaller()
    {
        var script = new Script();
        script.Answers.Enqueue(() => Throttled(HttpStatusCode.ServiceUnavailable, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(5))));
        using var client = new InfluxHttpClient(new InfluxOptions { Url = new Uri("http://influx.test/"), Database = "e" }, new ManualClock(Now), NullLogger.Instance, script);

        var error = await Assert.ThrowsAsync<ReadingStoreUnavailableException>(() => client.WriteAsync(Lines, CancellationToken.None));

        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.Single(script.Requests);
    }

    [Fact]
    public async Task PersistentThrottling_GivesUpAfterTheConfiguredRetries()
    {
        var script = new Script();
        for (var i = 0; i < 10; i++)
        {
            script.Answers.Enqueue(() => Throttled(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero)));
        }

        using var client = new InfluxHttpClient(new InfluxOptions { Url = new Uri("http://influx.test/"), Database = "e", ThrottleRetries = 2 }, new ManualClock(Now), NullLogger.Instance, script);

        await Assert.ThrowsAsync<ReadingStoreUnavailableException>(() => client.WriteAsync(Lines, CancellationToken.None));
        Assert.Equal(3, script.Requests.Count);
    }

    [Fact]
    public async Task ConnectionRefused_IsUnavailable()
    {
        using var client = new InfluxHttpClient(new InfluxOptions { Url = new Uri($"http://127.0.0.1:{FreePort.Get()}/"), Database = "e" }, new ManualClock(Now), NullLogger.Instance);
        var error = await Assert.ThrowsAsync<ReadingStoreUnavailableException>(() => client.WriteAsync(Lines, CancellationToken.None));
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IncompleteSettings_AreRefused_NamingWhatIsMissing()
    {
        var error = Assert.Throws<ArgumentException>(() => new InfluxHttpClient(new InfluxOptions { Url = new Uri("http://x/"), Api = InfluxApi.V2, Bucket = "b" }, new ManualClock(Now), NullLogger.Instance));
        Assert.Contains("org is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", new InfluxOptions { Url = new Uri("http://x/"), Token = "s3cr3t", Password = "pw" }.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteErrors_AreParsed_IntoLinesConflictsAndDropped()
    {
        var parsed = InfluxWriteException.Parse(
            "partial write: unable to parse 'm,meter=a value=12,5 1': invalid field format\nunable to parse 'm x=': missing field value dropped=0");
        Assert.True(parsed.Partial);
        Assert.Equal(["m,meter=a value=12,5 1", "m x="], parsed.UnparsedLines);
        Assert.Equal(0, parsed.Dropped);

        var conflict = InfluxWriteException.Parse(
            "partial write: field type conflict: input field \"value\" on measurement \"active_power\" is type float, already exists as type integer dropped=3");
        Assert.Equal("active_power", Assert.Single(conflict.Conflicts).Measurement);
        Assert.Equal("value", conflict.Conflicts[0].Field);
        Assert.Equal(3, conflict.Dropped);
    }
}
