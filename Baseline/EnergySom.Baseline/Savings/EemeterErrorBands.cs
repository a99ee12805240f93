namespace EnergySom.Baseline.Savings;

/// <summary>eemeter 3.2.0's error bands of metered savings, in energy units (see <see cref="SavingsUncertainty.Eemeter"/>).</summary>
/// <param name="Confidence">0.90 (eemeter computes only this level).</param>
/// <param name="OlsModel">Model (parameter) part.</param>
/// <param name="OlsNoise">Noise part.</param>
/// <param name="Ols">√(model² + noise²).</param>
/// <param name="Fsu">eemeter's "FSU" band: the CalTRACK polynomial form, in energy units.</param>
/// <param name="M">Reporting count used (rows for daily, ≈ months for billing).</param>
/// <param name="T">Student t used.</param>
/// <param name="EffectiveN">n′.</param>
public sealed record EemeterErrorBands(double Confidence, double OlsModel, double OlsNoise, double Ols, double Fsu, int M, double T, double EffectiveN);
