/** Types for the untyped CommonJS `vader-sentiment` package (only what server/alerts uses). */
declare module 'vader-sentiment' {
  interface PolarityScores {
    neg: number;
    neu: number;
    pos: number;
    /** normalized overall sentiment, -1 (most negative) .. 1 (most positive) */
    compound: number;
  }
  const vader: {
    SentimentIntensityAnalyzer: { polarity_scores(text: string): PolarityScores };
  };
  export default vader;
}
