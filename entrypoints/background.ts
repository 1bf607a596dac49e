export default defineBackground(() => {
  // Router: filled in by the SIP engine issue.
});
