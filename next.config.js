/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dashboard is often opened as http://127.0.0.1:PORT (tests, the simulator's printout);
  // without this, `next dev` blocks its own scripts for that host and the page never hydrates.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
};
