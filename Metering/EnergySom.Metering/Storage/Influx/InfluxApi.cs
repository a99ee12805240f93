namespace EnergySom.Metering.Storage.Influx;

/// <summary>Which InfluxDB write API to use.</summary>
public enum InfluxApi
{
    /// <summary>InfluxDB 1.x: <c>POST /write?db=&amp;rp=&amp;precision=</c>, user and password (basic auth).</summary>
    V1,

    /// <summary>InfluxDB 2.x and 3.x (and VictoriaMetrics): <c>POST /api/v2/write?org=&amp;bucket=&amp;precision=</c>, <c>Authorization: Token …</c>.</summary>
    V2,
}
